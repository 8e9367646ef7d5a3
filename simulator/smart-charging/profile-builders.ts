import type { Rng } from '../../common/rng.js';
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

/**
 * A seeded random profile set around `T0`: any purpose, kind, unit, validity window and period
 * layout; Tx profiles on EVSE 1.
 */
export function randomProfiles(rng: Rng, T0: number): NeutralChargingProfile[] {
  const MIN = 60_000;
  const count = rng.int(1, 6);
  return Array.from({ length: count }, (_, i) => {
    const purpose = rng.pick(['ChargePointMax', 'TxDefault', 'TxDefault', 'Tx'] as const);
    const kind =
      purpose === 'Tx'
        ? rng.pick(['Relative', 'Absolute'] as const)
        : rng.pick(['Absolute', 'Recurring', 'Relative'] as const);
    const rateUnit = rng.pick(['A', 'W'] as const);
    const periodCount = rng.int(1, 4);
    let start = 0;
    const periods = Array.from({ length: periodCount }, (_, k) => {
      if (k > 0) start += rng.int(1, 12) * 5 * 60;
      const limit = rateUnit === 'A' ? rng.int(0, 40) : rng.int(0, 25) * 1000;
      return rng.chance(0.3)
        ? { startPeriodS: start, limit, numberPhases: rng.int(1, 3) }
        : { startPeriodS: start, limit };
    });
    return aProfile({
      id: i + 1,
      stackLevel: rng.int(0, 3),
      purpose,
      kind,
      evseId: purpose === 'ChargePointMax' ? 0 : purpose === 'Tx' ? 1 : rng.int(0, 2),
      rateUnit,
      periods,
      ...(kind === 'Recurring' ? { recurrency: rng.pick(['Daily', 'Weekly'] as const) } : {}),
      ...(kind !== 'Relative' ? { startMs: T0 + rng.int(-26, 26) * 30 * MIN } : {}),
      ...(rng.chance(0.5) ? { durationS: rng.int(1, 48) * 15 * 60 } : {}),
      ...(rng.chance(0.3) ? { validFromMs: T0 + rng.int(0, 24) * 30 * MIN } : {}),
      ...(rng.chance(0.3) ? { validToMs: T0 + rng.int(25, 60) * 30 * MIN } : {}),
    });
  });
}
