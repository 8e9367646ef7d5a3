import type { NeutralChargingProfile, SchedulePeriod } from './charging-profile.js';

let nextId = 1000;

/** Periods from `[startPeriodS, limit]` pairs (optionally with numberPhases). */
export function periods(
  ...pairs: (readonly [number, number] | readonly [number, number, number])[]
): SchedulePeriod[] {
  return pairs.map(([startPeriodS, limit, numberPhases]) =>
    numberPhases === undefined ? { startPeriodS, limit } : { startPeriodS, limit, numberPhases },
  );
}

/** Overrides for {@link aProfile}: any profile field, plus schedule fields at the top level. */
export type ProfileOverrides = Partial<Omit<NeutralChargingProfile, 'schedule'>> &
  Partial<NeutralChargingProfile['schedule']>;

/**
 * A neutral profile for tests and examples: by default an Absolute TxDefault profile on EVSE 0,
 * stack level 0, starting at epoch 0, 16 A from the start. Ids count up from 1000 unless given.
 */
export function aProfile(overrides: ProfileOverrides = {}): NeutralChargingProfile {
  const { id, stackLevel, purpose, kind, recurrency, validFromMs, validToMs, transactionId, evseId } =
    overrides;
  const { startMs, durationS, rateUnit, minChargingRate, periods: ps } = overrides;
  const profile: NeutralChargingProfile = {
    id: id ?? nextId++,
    stackLevel: stackLevel ?? 0,
    purpose: purpose ?? 'TxDefault',
    kind: kind ?? 'Absolute',
    evseId: evseId ?? 0,
    schedule: { rateUnit: rateUnit ?? 'A', periods: ps ?? periods([0, 16]) },
  };
  if (profile.kind !== 'Relative') profile.schedule.startMs = startMs ?? 0;
  if (durationS !== undefined) profile.schedule.durationS = durationS;
  if (minChargingRate !== undefined) profile.schedule.minChargingRate = minChargingRate;
  if (recurrency !== undefined) profile.recurrency = recurrency;
  if (validFromMs !== undefined) profile.validFromMs = validFromMs;
  if (validToMs !== undefined) profile.validToMs = validToMs;
  if (transactionId !== undefined) profile.transactionId = transactionId;
  return profile;
}
