import { describe, expect, it } from 'vitest';
import { Rng } from '../../common/rng.js';
import type { NeutralChargingProfile } from './charging-profile.js';
import { aProfile, periods, randomProfiles } from './profile-builders.js';
import { ChargingProfileStore } from './profile-store.js';

const T0 = Date.parse('2026-03-02T00:00:00Z');
const MIN = 60_000;
const DAY = 86_400_000;
const OPTIONS = { evseCount: 2, maxCurrentA: 32, phases: 3, voltageV: 230 } as const;

function storeWith(profiles: readonly NeutralChargingProfile[]): ChargingProfileStore {
  const store = new ChargingProfileStore(OPTIONS);
  for (const p of profiles) {
    const result = store.install(p, { nowMs: T0, activeTransactionId: '1' });
    if (!result.accepted) throw new Error(`random profile rejected: ${result.reason}`);
  }
  return store;
}

/** What a store that has never been asked before says at `atMs`. */
function fresh(profiles: readonly NeutralChargingProfile[], evseId: number, atMs: number, txStartMs: number) {
  const store = storeWith(profiles);
  return {
    limit: store.limitAt(evseId, atMs, txStartMs),
    next: store.nextChangeMs(evseId, atMs, txStartMs),
  };
}

/**
 * A station asks for its limit and next change at every sample, so the store keeps the limit it
 * worked out for as long as no change point intervenes. Asked again and again, in time order, at
 * change points, just before them, between them, at fractions of a millisecond and days apart, it
 * must say exactly what a store asked for the first time says.
 */
describe('the held limit agrees with a store asked for the first time (seeded random profile sets)', () => {
  it.each(Array.from({ length: 40 }, (_, i) => i))('profile set #%d', (n) => {
    const rng = new Rng('held-limit').fork(String(n));
    const profiles = randomProfiles(rng, T0);
    const store = storeWith(profiles);
    const txStartMs = T0 + rng.int(0, 12) * 10 * MIN;
    const evseId = rng.pick([0, 1, 2] as const);
    let atMs = T0 - rng.int(0, 60) * MIN;
    for (let asked = 0; asked < 150; asked++) {
      const got = {
        limit: store.limitAt(evseId, atMs, txStartMs),
        next: store.nextChangeMs(evseId, atMs, txStartMs),
      };
      expect({ atMs, ...got }).toEqual({ atMs, ...fresh(profiles, evseId, atMs, txStartMs) });
      const step = rng.int(0, 19);
      if (got.next !== undefined && step < 3)
        atMs = got.next - [0, 1, 0.5][step]!; // at, just before, half a ms before
      else if (step < 15) atMs += rng.int(1, 600) * 1000;
      else if (step < 19) atMs += rng.int(1, 3) * 6 * 3_600_000;
      else atMs += rng.int(1, 9) * DAY;
      if (!Number.isInteger(atMs) && rng.chance(0.5)) atMs = Math.ceil(atMs);
    }
    expect(atMs).toBeGreaterThan(T0 + 8 * DAY); // the walk went past the horizon
  });

  it('a change beyond the horizon is found once it comes within it', () => {
    const later = aProfile({
      id: 7,
      stackLevel: 1,
      purpose: 'TxDefault',
      evseId: 1,
      startMs: T0,
      validFromMs: T0 + 10 * DAY,
      periods: periods([0, 10]),
    });
    const profiles = [
      aProfile({ id: 8, purpose: 'TxDefault', evseId: 1, startMs: T0, periods: periods([0, 20]) }),
      later,
    ];
    // From midnight, and from two days later, when the change lies exactly at the horizon's end.
    for (const days of [
      [0, 1, 2, 3, 5, 8, 9.5, 10, 11],
      [2, 3, 5, 8, 9.5, 10, 11],
    ]) {
      const store = storeWith(profiles);
      const seen = days.map((d) => {
        const atMs = T0 + d * DAY;
        return { atMs, limit: store.limitAt(1, atMs, T0), next: store.nextChangeMs(1, atMs, T0) };
      });
      expect(seen).toEqual(seen.map(({ atMs }) => ({ atMs, ...fresh(profiles, 1, atMs, T0) })));
      expect(seen.map((s) => s.next)).toEqual(days.map((d) => (d > 2 && d < 10 ? T0 + 10 * DAY : undefined)));
      expect(seen.map((s) => s.limit?.perPhaseA)).toEqual(days.map((d) => (d < 10 ? 20 : 10)));
    }
  });

  it('a change of the profiles is seen at once, inside a held span', () => {
    const rng = new Rng('held-limit').fork('changes');
    const cap = aProfile({
      id: 99,
      stackLevel: 8,
      purpose: 'ChargePointMax',
      evseId: 0,
      startMs: T0 - DAY,
      periods: periods([0, 7]),
    });
    let lowered = 0;
    for (let n = 0; n < 30; n++) {
      const profiles = randomProfiles(rng, T0);
      const store = storeWith(profiles);
      const atMs = T0 + rng.int(0, 48) * 30 * MIN;
      const before = store.limitAt(1, atMs, T0);
      expect(store.install(cap, { nowMs: T0, activeTransactionId: '1' })).toEqual({ accepted: true });
      const capped = store.limitAt(1, atMs + 1000, T0);
      expect(capped).toEqual(fresh([...profiles, cap], 1, atMs + 1000, T0).limit);
      if ((before?.perPhaseA ?? 32) > 7) lowered++;
      store.clear({ id: 99 });
      expect(store.limitAt(1, atMs + 2000, T0)).toEqual(fresh(profiles, 1, atMs + 2000, T0).limit);
      expect(store.limitAt(1, atMs + 3000, T0 + MIN)).toEqual(
        fresh(profiles, 1, atMs + 3000, T0 + MIN).limit,
      );
    }
    expect(lowered).toBeGreaterThan(10);
  });
});
