import { describe, expect, it } from 'vitest';
import type { NeutralChargingProfile } from './charging-profile.js';
import type { CompositePeriod } from './composite-schedule.js';
import { aProfile, periods } from './profile-builders.js';
import { ChargingProfileStore } from './profile-store.js';

/** Monday 2 March 2026, 00:00 UTC. */
const T0 = Date.parse('2026-03-02T00:00:00Z');
const MIN = 60_000;
const HOUR = 60 * MIN;

function storeWith(
  profiles: NeutralChargingProfile[],
  activeTx?: { evseId: number; id: string },
): ChargingProfileStore {
  const store = new ChargingProfileStore({ evseCount: 2, maxCurrentA: 32, phases: 3, voltageV: 230 });
  for (const p of profiles) {
    const ctx =
      activeTx && p.evseId === activeTx.evseId
        ? { activeTransactionId: activeTx.id, nowMs: T0 }
        : { nowMs: T0 };
    const result = store.install(p, ctx);
    if (!result.accepted) throw new Error(`test profile ${p.id} rejected: ${result.reason}`);
  }
  return store;
}

/** Expected periods as [startPeriodS, limit, numberPhases]. */
function expected(...rows: [number, number, number][]): CompositePeriod[] {
  return rows.map(([startPeriodS, limit, numberPhases]) => ({ startPeriodS, limit, numberPhases }));
}

interface Case {
  name: string;
  profiles: NeutralChargingProfile[];
  evseId?: number;
  fromMs?: number;
  durationS?: number;
  unit?: 'A' | 'W';
  txStartMs?: number;
  tx?: { evseId: number; id: string };
  periods: CompositePeriod[];
}

const cases: Case[] = [
  { name: 'no profile: the station rating', profiles: [], periods: expected([0, 32, 3]) },
  {
    name: 'no profile in W: 32 A x 3 x 230 V',
    profiles: [],
    unit: 'W',
    periods: expected([0, 22080, 3]),
  },
  {
    name: 'ChargePointMax on the station limits every EVSE',
    profiles: [aProfile({ purpose: 'ChargePointMax', startMs: T0, periods: periods([0, 20]) })],
    periods: expected([0, 20, 3]),
  },
  {
    name: 'stack levels overlapping in time: the higher one leads while its duration lasts',
    profiles: [
      aProfile({ stackLevel: 0, startMs: T0, periods: periods([0, 16]) }),
      aProfile({ stackLevel: 1, startMs: T0 + HOUR, durationS: 7200, periods: periods([0, 10]) }),
    ],
    durationS: 4 * 3600,
    periods: expected([0, 16, 3], [3600, 10, 3], [10800, 16, 3]),
  },
  {
    name: 'validFrom/validTo bound the higher stack level',
    profiles: [
      aProfile({ stackLevel: 0, startMs: T0, periods: periods([0, 16]) }),
      aProfile({
        stackLevel: 1,
        startMs: T0,
        validFromMs: T0 + 30 * MIN,
        validToMs: T0 + 90 * MIN,
        periods: periods([0, 8]),
      }),
    ],
    durationS: 3 * 3600,
    periods: expected([0, 16, 3], [1800, 8, 3], [5400, 16, 3]),
  },
  {
    name: 'recurring daily across midnight (22:00-06:00, 6 A from 02:00)',
    profiles: [
      aProfile({
        kind: 'Recurring',
        recurrency: 'Daily',
        startMs: T0 - 2 * HOUR,
        durationS: 8 * 3600,
        periods: periods([0, 10], [4 * 3600, 6]),
      }),
    ],
    durationS: 24 * 3600,
    periods: expected([0, 10, 3], [7200, 6, 3], [21600, 32, 3], [79200, 10, 3]),
  },
  {
    name: 'recurring daily does not apply before its first start',
    profiles: [
      aProfile({
        kind: 'Recurring',
        recurrency: 'Daily',
        startMs: T0 + 26 * HOUR,
        durationS: 3600,
        periods: periods([0, 8]),
      }),
    ],
    durationS: 27 * 3600,
    periods: expected([0, 32, 3], [93600, 8, 3]),
  },
  {
    name: 'recurring weekly: only on the anchor weekday',
    profiles: [
      aProfile({
        kind: 'Recurring',
        recurrency: 'Weekly',
        startMs: T0 + 8 * HOUR,
        durationS: 10 * 3600,
        periods: periods([0, 8]),
      }),
    ],
    fromMs: T0 + 7 * 24 * HOUR + 7 * HOUR,
    durationS: 4 * 3600,
    periods: expected([0, 32, 3], [3600, 8, 3]),
  },
  {
    name: 'relative to the transaction start',
    profiles: [aProfile({ kind: 'Relative', periods: periods([0, 6], [1800, 16]) })],
    fromMs: T0 + 20 * MIN,
    txStartMs: T0 + 10 * MIN,
    durationS: 3600,
    periods: expected([0, 6, 3], [1200, 16, 3]),
  },
  {
    name: 'mixed units: W station maximum vs A default, in A',
    profiles: [
      aProfile({ purpose: 'ChargePointMax', startMs: T0, rateUnit: 'W', periods: periods([0, 11040]) }),
      aProfile({ startMs: T0, periods: periods([0, 20]) }),
    ],
    periods: expected([0, 16, 3]),
  },
  {
    name: 'mixed units: the same, in W',
    profiles: [
      aProfile({ purpose: 'ChargePointMax', startMs: T0, rateUnit: 'W', periods: periods([0, 11040]) }),
      aProfile({ startMs: T0, periods: periods([0, 20]) }),
    ],
    unit: 'W',
    periods: expected([0, 11040, 3]),
  },
  {
    name: 'numberPhases 1: a W limit converts over one phase',
    profiles: [
      aProfile({ purpose: 'ChargePointMax', startMs: T0, rateUnit: 'W', periods: periods([0, 6900]) }),
      aProfile({ startMs: T0, periods: periods([0, 20, 1]) }),
    ],
    periods: expected([0, 20, 1]),
  },
  {
    name: 'numberPhases 1 in W: 20 A x 1 x 230 V',
    profiles: [
      aProfile({ purpose: 'ChargePointMax', startMs: T0, rateUnit: 'W', periods: periods([0, 6900]) }),
      aProfile({ startMs: T0, periods: periods([0, 20, 1]) }),
    ],
    unit: 'W',
    periods: expected([0, 4600, 1]),
  },
  {
    name: 'W to A is rounded down to 0.1 A (4000 W / 690 V = 5.797 A)',
    profiles: [aProfile({ startMs: T0, rateUnit: 'W', periods: periods([0, 4000]) })],
    periods: expected([0, 5.7, 3]),
  },
  {
    name: 'evse 1 at equal stack level: its own TxDefault leads over the one on evse 0',
    profiles: [
      aProfile({ evseId: 0, startMs: T0, periods: periods([0, 10]) }),
      aProfile({ evseId: 1, startMs: T0, periods: periods([0, 14]) }),
    ],
    periods: expected([0, 14, 3]),
  },
  {
    name: 'evse 2 only has the TxDefault of evse 0',
    profiles: [
      aProfile({ evseId: 0, startMs: T0, periods: periods([0, 10]) }),
      aProfile({ evseId: 1, startMs: T0, periods: periods([0, 14]) }),
    ],
    evseId: 2,
    periods: expected([0, 10, 3]),
  },
  {
    name: 'a higher stack level on evse 0 leads over evse 1',
    profiles: [
      aProfile({ evseId: 0, stackLevel: 1, startMs: T0, periods: periods([0, 10]) }),
      aProfile({ evseId: 1, startMs: T0, periods: periods([0, 14]) }),
    ],
    periods: expected([0, 10, 3]),
  },
  {
    name: 'Tx replaces TxDefault (even when higher), ChargePointMax still caps',
    profiles: [
      aProfile({ startMs: T0, periods: periods([0, 10]) }),
      aProfile({ purpose: 'ChargePointMax', startMs: T0, periods: periods([0, 16]) }),
      aProfile({ purpose: 'Tx', evseId: 1, kind: 'Relative', periods: periods([0, 20]) }),
    ],
    tx: { evseId: 1, id: '42' },
    txStartMs: T0,
    periods: expected([0, 16, 3]),
  },
  {
    name: 'TxDefault takes over when the Tx schedule ends',
    profiles: [
      aProfile({ startMs: T0, periods: periods([0, 10]) }),
      aProfile({ purpose: 'Tx', evseId: 1, kind: 'Relative', durationS: 600, periods: periods([0, 20]) }),
    ],
    tx: { evseId: 1, id: '42' },
    txStartMs: T0,
    periods: expected([0, 20, 3], [600, 10, 3]),
  },
  {
    name: 'the Tx profile of evse 1 does not touch evse 2',
    profiles: [
      aProfile({ startMs: T0, periods: periods([0, 10]) }),
      aProfile({ purpose: 'Tx', evseId: 1, kind: 'Relative', periods: periods([0, 20]) }),
    ],
    tx: { evseId: 1, id: '42' },
    evseId: 2,
    periods: expected([0, 10, 3]),
  },
  {
    name: 'evse 0: the grid connection sees only station-wide profiles',
    profiles: [
      aProfile({ purpose: 'ChargePointMax', startMs: T0, periods: periods([0, 25]) }),
      aProfile({ startMs: T0, periods: periods([0, 10]) }),
    ],
    evseId: 0,
    periods: expected([0, 25, 3]),
  },
  {
    name: 'a profile starting later: the rating until then',
    profiles: [aProfile({ startMs: T0 + 15 * MIN, periods: periods([0, 12], [600, 8]) })],
    durationS: 3600,
    periods: expected([0, 32, 3], [900, 12, 3], [1500, 8, 3]),
  },
];

describe('composite schedule', () => {
  it.each(cases)('$name', (c) => {
    const store = storeWith(c.profiles, c.tx);
    const schedule = store.compositeSchedule(
      c.evseId ?? 1,
      c.fromMs ?? T0,
      c.durationS ?? 3600,
      c.unit ?? 'A',
      c.txStartMs,
    );
    expect(schedule.periods).toEqual(c.periods);
    expect(schedule.startMs).toBe(c.fromMs ?? T0);
    expect(schedule.rateUnit).toBe(c.unit ?? 'A');
  });

  it('reports the minChargingRate of the leading Tx/TxDefault profile', () => {
    const store = storeWith([aProfile({ startMs: T0, minChargingRate: 6, periods: periods([0, 16]) })]);
    expect(store.compositeSchedule(1, T0, 600, 'A').minChargingRate).toBe(6);
    expect(store.compositeSchedule(1, T0, 600, 'W').minChargingRate).toBe(4140);
  });

  it('limitAt agrees with the composite at every period start', () => {
    const store = storeWith([
      aProfile({ stackLevel: 0, startMs: T0, periods: periods([0, 16]) }),
      aProfile({
        stackLevel: 1,
        startMs: T0 + HOUR,
        durationS: 7200,
        rateUnit: 'W',
        periods: periods([0, 4600, 1]),
      }),
    ]);
    const schedule = store.compositeSchedule(1, T0, 4 * 3600, 'A');
    for (const p of schedule.periods) {
      const limit = store.limitAt(1, T0 + p.startPeriodS * 1000);
      expect(limit?.perPhaseA).toBeCloseTo(p.limit, 1);
      expect(limit?.numberPhases).toBe(p.numberPhases);
    }
  });

  it('limitAt is undefined when no profile applies, and capped at the rating when one does', () => {
    const store = storeWith([aProfile({ startMs: T0 + HOUR, periods: periods([0, 40]) })]);
    expect(store.limitAt(1, T0)).toBeUndefined();
    expect(store.limitAt(1, T0 + HOUR)).toEqual({ perPhaseA: 32, numberPhases: 3 });
  });

  it('nextChangeMs finds the next period boundary', () => {
    const store = storeWith([aProfile({ startMs: T0, periods: periods([0, 16], [1800, 8]) })]);
    expect(store.nextChangeMs(1, T0)).toBe(T0 + 1800 * 1000);
    expect(store.nextChangeMs(1, T0 + 1800 * 1000)).toBeUndefined();
  });
});
