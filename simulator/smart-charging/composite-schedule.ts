import { currentFromPowerA, powerFromCurrentW, type PhaseCount } from '../../common/units.js';
import type { NeutralChargingProfile, RateUnit, SchedulePeriod } from './charging-profile.js';
import { changePoints, periodAt } from './profile-timeline.js';

/** What the station's hardware allows, used to cap every limit and to convert W <-> A. */
export interface StationRating {
  /** Maximum current per phase of one EVSE (and of the station's supply), A. */
  maxCurrentA: number;
  phases: 1 | 3;
  voltageV: number;
}

/** The limit in force at one moment, per phase. */
export interface EffectiveLimit {
  perPhaseA: number;
  numberPhases: PhaseCount;
  /** The EV's minimum charging rate from the prevailing Tx/TxDefault profile, per phase A. */
  minPerPhaseA?: number;
}

/** One period of a composite schedule. */
export interface CompositePeriod {
  startPeriodS: number;
  limit: number;
  numberPhases?: number;
}

/** A composite schedule: what the station will allow from `startMs` for `durationS` seconds. */
export interface CompositeSchedule {
  startMs: number;
  durationS: number;
  rateUnit: RateUnit;
  minChargingRate?: number;
  periods: CompositePeriod[];
}

interface Leading {
  profile: NeutralChargingProfile;
  period: SchedulePeriod;
}

/**
 * The leading profile of one purpose at `atMs` (spec: the highest stack level among the profiles
 * that are valid and have a period defined at that moment). On equal stack levels a profile for
 * the specific EVSE leads over one set on EVSE 0.
 */
export function leadingProfile(
  candidates: readonly NeutralChargingProfile[],
  atMs: number,
  relativeStartMs: number | undefined,
): Leading | undefined {
  let best: Leading | undefined;
  for (const profile of candidates) {
    const period = periodAt(profile, atMs, relativeStartMs);
    if (period === undefined) continue;
    if (
      best === undefined ||
      profile.stackLevel > best.profile.stackLevel ||
      (profile.stackLevel === best.profile.stackLevel && profile.evseId > best.profile.evseId)
    ) {
      best = { profile, period };
    }
  }
  return best;
}

/** The profiles of each purpose that bear on `evseId` (0 = the station's grid connection). */
function bearingOn(profiles: readonly NeutralChargingProfile[], evseId: number): NeutralChargingProfile[][] {
  const station = profiles.filter((p) => p.purpose === 'ChargePointMax' && p.evseId === 0);
  const external = profiles.filter(
    (p) => p.purpose === 'External' && (p.evseId === 0 || p.evseId === evseId),
  );
  if (evseId === 0) return [station, external];
  const tx = profiles.filter((p) => p.purpose === 'Tx' && p.evseId === evseId);
  const txDefault = profiles.filter(
    (p) => p.purpose === 'TxDefault' && (p.evseId === 0 || p.evseId === evseId),
  );
  return [station, external, tx, txDefault];
}

function limitAtInternal(
  groups: NeutralChargingProfile[][],
  atMs: number,
  rating: StationRating,
  relativeStartMs: number | undefined,
): EffectiveLimit | undefined {
  const [station = [], external = [], tx = [], txDefault = []] = groups;
  const txLead =
    leadingProfile(tx, atMs, relativeStartMs) ?? leadingProfile(txDefault, atMs, relativeStartMs);
  const leads = [
    leadingProfile(station, atMs, relativeStartMs),
    leadingProfile(external, atMs, relativeStartMs),
    txLead,
  ].filter((l): l is Leading => l !== undefined);
  if (leads.length === 0) return undefined;
  let numberPhases: PhaseCount = rating.phases;
  for (const { period } of leads)
    numberPhases = Math.min(numberPhases, period.numberPhases ?? 3) as PhaseCount;
  const toPerPhaseA = (value: number, unit: RateUnit): number =>
    unit === 'A' ? value : currentFromPowerA(value, numberPhases, rating.voltageV);
  let perPhaseA = rating.maxCurrentA;
  for (const { profile, period } of leads) {
    perPhaseA = Math.min(perPhaseA, toPerPhaseA(period.limit, profile.schedule.rateUnit));
  }
  const out: EffectiveLimit = { perPhaseA: Math.max(0, perPhaseA), numberPhases };
  const minRate = txLead?.profile.schedule.minChargingRate;
  if (minRate !== undefined && txLead !== undefined) {
    out.minPerPhaseA = toPerPhaseA(minRate, txLead.profile.schedule.rateUnit);
  }
  return out;
}

/**
 * The limit the profiles put on `evseId` at `atMs`: per purpose the leading profile, Tx replacing
 * TxDefault, across purposes the lowest, capped at the station rating. W limits become A per phase
 * over the phases in use. Undefined when no profile limits the EVSE at that moment.
 * @param txStartMs start of the EVSE's transaction (anchor of Relative profiles); without one a
 *   Relative profile is read as if charging started at `atMs`.
 */
export function limitFromProfiles(
  profiles: readonly NeutralChargingProfile[],
  evseId: number,
  atMs: number,
  rating: StationRating,
  txStartMs?: number,
): EffectiveLimit | undefined {
  return limitAtInternal(bearingOn(profiles, evseId), atMs, rating, txStartMs ?? atMs);
}

/** Rounds down to the 0.1 resolution both versions' schemas allow for limits. */
export function floorToTenth(value: number): number {
  return Math.floor(value * 10 + 1e-6) / 10;
}

/**
 * The composite schedule of `evseId` over [fromMs, fromMs + durationS), as GetCompositeSchedule
 * reports it: one period per change of the effective limit, in `unit` (A per phase or W total),
 * limits rounded down to 0.1. Where no profile applies the station rating is the limit. EVSE 0
 * gives the station-wide schedule (ChargePointMax and external constraints).
 * @param txStartMs start of the EVSE's transaction; without one, Relative profiles start at `fromMs`.
 */
export function compositeFromProfiles(
  profiles: readonly NeutralChargingProfile[],
  evseId: number,
  fromMs: number,
  durationS: number,
  unit: RateUnit,
  rating: StationRating,
  txStartMs?: number,
): CompositeSchedule {
  const toMs = fromMs + durationS * 1000;
  const relativeStartMs = txStartMs ?? fromMs;
  const groups = bearingOn(profiles, evseId);
  const points = new Set<number>([fromMs]);
  for (const group of groups) {
    for (const profile of group)
      for (const t of changePoints(profile, fromMs, toMs, relativeStartMs)) points.add(t);
  }
  const ordered = [...points].sort((a, b) => a - b);
  const periods: CompositePeriod[] = [];
  let minChargingRate: number | undefined;
  for (const t of ordered) {
    const limit = limitAtInternal(groups, t, rating, relativeStartMs) ?? {
      perPhaseA: rating.maxCurrentA,
      numberPhases: rating.phases,
    };
    const value = floorToTenth(
      unit === 'A'
        ? limit.perPhaseA
        : powerFromCurrentW(limit.perPhaseA, limit.numberPhases, rating.voltageV),
    );
    if (minChargingRate === undefined && limit.minPerPhaseA !== undefined) {
      minChargingRate = floorToTenth(
        unit === 'A'
          ? limit.minPerPhaseA
          : powerFromCurrentW(limit.minPerPhaseA, limit.numberPhases, rating.voltageV),
      );
    }
    const startPeriodS = Math.floor((t - fromMs) / 1000);
    const last = periods[periods.length - 1];
    if (last !== undefined && last.startPeriodS === startPeriodS) periods.pop();
    const previous = periods[periods.length - 1];
    if (previous !== undefined && previous.limit === value && previous.numberPhases === limit.numberPhases)
      continue;
    periods.push({ startPeriodS, limit: value, numberPhases: limit.numberPhases });
  }
  const out: CompositeSchedule = { startMs: fromMs, durationS, rateUnit: unit, periods };
  if (minChargingRate !== undefined) out.minChargingRate = minChargingRate;
  return out;
}
