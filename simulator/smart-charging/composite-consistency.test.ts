import { describe, expect, it } from 'vitest';
import { Rng } from '../../common/rng.js';
import { floorToTenth } from './composite-schedule.js';
import { randomProfiles } from './profile-builders.js';
import { ChargingProfileStore } from './profile-store.js';

const T0 = Date.parse('2026-03-02T00:00:00Z');
const MIN = 60_000;

function runSet(n: number) {
  const rng = new Rng('composite-consistency').fork(String(n));
  const store = new ChargingProfileStore({ evseCount: 2, maxCurrentA: 32, phases: 3, voltageV: 230 });
  const txStartMs = T0 + rng.int(0, 12) * 10 * MIN;
  for (const p of randomProfiles(rng, T0)) {
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
