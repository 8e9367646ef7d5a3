import { describe, expect, it } from 'vitest';
import { Rng } from '../../common/rng.js';
import type { NeutralChargingProfile } from './charging-profile.js';
import { floorToTenth } from './composite-schedule.js';
import { aProfile } from './profile-builders.js';
import { ChargingProfileStore } from './profile-store.js';

const T0 = Date.parse('2026-03-02T00:00:00Z');
const MIN = 60_000;

/** A seeded random profile set: any purpose, kind, unit, validity window and period layout. */
function randomProfiles(rng: Rng): NeutralChargingProfile[] {
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

function runSet(n: number) {
  const rng = new Rng('composite-consistency').fork(String(n));
  const store = new ChargingProfileStore({ evseCount: 2, maxCurrentA: 32, phases: 3, voltageV: 230 });
  const txStartMs = T0 + rng.int(0, 12) * 10 * MIN;
  for (const p of randomProfiles(rng)) {
    const result = store.install(p, { nowMs: T0, activeTransactionId: '1' });
    if (!result.accepted) throw new Error(`random profile rejected: ${result.reason}`);
  }
  const evseId = rng.int(0, 2);
  const unit = rng.pick(['A', 'W'] as const);
  return {
    store,
    txStartMs,
    evseId,
    unit,
    schedule: store.compositeSchedule(evseId, T0, 24 * 3600, unit, txStartMs),
  };
}

const SETS = Array.from({ length: 60 }, (_, i) => i);

describe('composite schedule agrees with the limit at every minute (seeded random profile sets)', () => {
  it.each(SETS)('profile set #%d', (n) => {
    const { store, txStartMs, evseId, unit, schedule } = runSet(n);
    for (let s = 0; s < 24 * 3600; s += 60) {
      const period = [...schedule.periods].reverse().find((p) => p.startPeriodS <= s)!;
      const limit = store.limitAt(evseId, T0 + s * 1000, txStartMs) ?? { perPhaseA: 32, numberPhases: 3 };
      const value = unit === 'A' ? limit.perPhaseA : limit.perPhaseA * limit.numberPhases * 230;
      expect([s, period.limit, period.numberPhases]).toEqual([s, floorToTenth(value), limit.numberPhases]);
    }
  });

  it('the random sets are varied: most composites change several times a day', () => {
    const changing = SETS.filter((n) => runSet(n).schedule.periods.length >= 3).length;
    expect(changing).toBeGreaterThanOrEqual(30);
  });
});
