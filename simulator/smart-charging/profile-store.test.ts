import { describe, expect, it } from 'vitest';
import type { OcppVersion } from '../../common/ocpp-version.js';
import type { NeutralChargingProfile } from './charging-profile.js';
import { aProfile, periods } from './profile-builders.js';
import type { InstallContext } from './profile-rules.js';
import { ChargingProfileStore } from './profile-store.js';

const NOW = Date.parse('2026-03-02T12:00:00Z');

function aStore(version: OcppVersion = '1.6'): ChargingProfileStore {
  return new ChargingProfileStore({ evseCount: 2, maxCurrentA: 32, phases: 3, voltageV: 230, version });
}

interface RejectCase {
  name: string;
  profile: NeutralChargingProfile;
  ctx?: Partial<InstallContext>;
  version?: OcppVersion;
  reason: RegExp;
}

const rejections: RejectCase[] = [
  {
    name: 'TxProfile without a transaction',
    profile: aProfile({ purpose: 'Tx', evseId: 1, kind: 'Relative' }),
    reason: /needs a transaction, and none is running on connectorId 1/,
  },
  {
    name: 'TxProfile on connector 0',
    profile: aProfile({ purpose: 'Tx', evseId: 0, kind: 'Relative' }),
    ctx: { activeTransactionId: '7' },
    reason: /must name the connectorId of its transaction, not 0/,
  },
  {
    name: 'TxProfile for another transaction',
    profile: aProfile({ purpose: 'Tx', evseId: 1, kind: 'Relative', transactionId: '8' }),
    ctx: { activeTransactionId: '7' },
    reason: /transactionId 8 is not the transaction running on connectorId 1 \(7\)/,
  },
  {
    name: 'first startPeriod not 0',
    profile: aProfile({ periods: periods([60, 16]) }),
    reason: /first period must start at 0, not 60/,
  },
  {
    name: 'startPeriods not increasing',
    profile: aProfile({ periods: periods([0, 16], [600, 10], [600, 8]) }),
    reason: /chargingSchedulePeriod\[2\]\.startPeriod must be greater/,
  },
  { name: 'no period', profile: aProfile({ periods: [] }), reason: /at least one period/ },
  {
    name: 'negative limit',
    profile: aProfile({ periods: periods([0, -1]) }),
    reason: /limit must not be negative/,
  },
  {
    name: 'numberPhases 4',
    profile: aProfile({ periods: periods([0, 16, 4]) }),
    reason: /numberPhases must be 1, 2 or 3/,
  },
  {
    name: 'phaseToUse without phase switching',
    profile: aProfile({ periods: [{ startPeriodS: 0, limit: 16, numberPhases: 1, phaseToUse: 2 }] }),
    version: '2.0.1',
    reason: /phaseToUse needs ACPhaseSwitchingSupported/,
  },
  {
    name: 'connector that does not exist',
    profile: aProfile({ evseId: 3 }),
    reason: /connectorId 3 does not exist/,
  },
  {
    name: 'evse that does not exist (2.0.1)',
    profile: aProfile({ evseId: 3 }),
    version: '2.0.1',
    reason: /evseId 3/,
  },
  {
    name: 'ChargePointMax on a connector',
    profile: aProfile({ purpose: 'ChargePointMax', evseId: 1 }),
    reason: /station-wide maximum profile must be set on connectorId 0/,
  },
  {
    name: 'external constraints from the CSMS',
    profile: aProfile({ purpose: 'External' }),
    version: '2.0.1',
    reason: /set by an external system/,
  },
  {
    name: 'stack level above the maximum',
    profile: aProfile({ stackLevel: 9 }),
    reason: /stackLevel 9 is outside 0\.\.8/,
  },
  {
    name: 'Recurring without recurrencyKind',
    profile: aProfile({ kind: 'Recurring' }),
    reason: /needs recurrencyKind/,
  },
  {
    name: 'validTo before validFrom',
    profile: aProfile({ validFromMs: NOW + 10, validToMs: NOW }),
    reason: /validTo must be later than validFrom/,
  },
  { name: 'validTo in the past', profile: aProfile({ validToMs: NOW - 1 }), reason: /already in the past/ },
  {
    name: '2.0.1 Relative with startSchedule',
    profile: {
      ...aProfile({ kind: 'Relative' }),
      schedule: { rateUnit: 'A', startMs: NOW, periods: periods([0, 16]) },
    },
    version: '2.0.1',
    reason: /Relative profile must not have startSchedule/,
  },
  {
    name: 'more periods than ChargingScheduleMaxPeriods',
    profile: aProfile({ periods: periods(...Array.from({ length: 25 }, (_, i) => [i * 60, 16] as const)) }),
    reason: /25 periods; this station accepts at most 24/,
  },
];

describe('ChargingProfileStore.install rejects what the spec forbids', () => {
  it.each(rejections)('$name', ({ profile, ctx, version, reason }) => {
    const store = aStore(version);
    const result = store.install(profile, { nowMs: NOW, ...ctx });
    expect(result.accepted).toBe(false);
    if (!result.accepted) expect(result.reason).toMatch(reason);
    expect(store.list()).toEqual([]);
  });
});

describe('ChargingProfileStore', () => {
  it('binds a TxProfile without transactionId to the running transaction', () => {
    const store = aStore();
    expect(
      store.install(aProfile({ purpose: 'Tx', evseId: 1, kind: 'Relative' }), {
        nowMs: NOW,
        activeTransactionId: '7',
      }),
    ).toEqual({ accepted: true });
    expect(store.list()[0]?.transactionId).toBe('7');
  });

  it('starts an Absolute profile without startSchedule at install time (1.6)', () => {
    const store = aStore();
    const p = aProfile();
    delete p.schedule.startMs;
    store.install(p, { nowMs: NOW });
    expect(store.list()[0]?.schedule.startMs).toBe(NOW);
  });

  it('ignores a startSchedule on a 1.6 Relative profile', () => {
    const store = aStore('1.6');
    const p = {
      ...aProfile({ kind: 'Relative' }),
      schedule: { rateUnit: 'A' as const, startMs: NOW, periods: periods([0, 16]) },
    };
    expect(store.install(p, { nowMs: NOW })).toEqual({ accepted: true });
    expect(store.list()[0]?.schedule.startMs).toBeUndefined();
  });

  it('replaces a profile with the same id', () => {
    const store = aStore();
    store.install(aProfile({ id: 1, stackLevel: 0 }), { nowMs: NOW });
    store.install(aProfile({ id: 1, stackLevel: 2, evseId: 1 }), { nowMs: NOW });
    expect(store.list().map((p) => [p.id, p.stackLevel, p.evseId])).toEqual([[1, 2, 1]]);
  });

  it('replaces a profile with the same stack level, purpose and evse', () => {
    const store = aStore();
    store.install(aProfile({ id: 1, stackLevel: 3, evseId: 1 }), { nowMs: NOW });
    store.install(aProfile({ id: 2, stackLevel: 3, evseId: 1 }), { nowMs: NOW });
    store.install(aProfile({ id: 3, stackLevel: 3, evseId: 2 }), { nowMs: NOW });
    expect(store.list().map((p) => p.id)).toEqual([2, 3]);
  });

  it.each([
    { criteria: {}, left: [] },
    { criteria: { id: 2 }, left: [1, 3, 4] },
    { criteria: { evseId: 0 }, left: [3, 4] },
    { criteria: { purpose: 'ChargePointMax' as const }, left: [2, 3, 4] },
    { criteria: { stackLevel: 1 }, left: [1, 3] },
    { criteria: { evseId: 1, stackLevel: 1 }, left: [1, 2, 3] },
  ])('clear($criteria) leaves $left', ({ criteria, left }) => {
    const store = aStore();
    store.install(aProfile({ id: 1, purpose: 'ChargePointMax', stackLevel: 0 }), { nowMs: NOW });
    store.install(aProfile({ id: 2, stackLevel: 1 }), { nowMs: NOW });
    store.install(aProfile({ id: 3, evseId: 1, stackLevel: 0 }), { nowMs: NOW });
    store.install(aProfile({ id: 4, evseId: 1, stackLevel: 1 }), { nowMs: NOW });
    const removed = store.clear(criteria);
    expect(
      store
        .list()
        .map((p) => p.id)
        .sort(),
    ).toEqual(left);
    expect(removed).toBe(4 - left.length);
  });

  it('drops the Tx profiles of an evse when its transaction ends, and tells listeners', () => {
    const store = aStore();
    let changes = 0;
    store.onChange(() => changes++);
    store.install(aProfile({ id: 1 }), { nowMs: NOW });
    store.install(aProfile({ id: 2, purpose: 'Tx', evseId: 1, kind: 'Relative' }), {
      nowMs: NOW,
      activeTransactionId: '7',
    });
    store.endTransaction(1);
    expect(store.list().map((p) => p.id)).toEqual([1]);
    expect(changes).toBe(3);
  });

  it('accepts external constraints from a local system', () => {
    const store = aStore('2.0.1');
    expect(
      store.install(aProfile({ purpose: 'External' }), { nowMs: NOW, fromExternalSystem: true }),
    ).toEqual({
      accepted: true,
    });
  });

  it('list returns copies: changing them does not change the store', () => {
    const store = aStore();
    store.install(aProfile({ id: 1 }), { nowMs: NOW });
    store.list()[0]!.stackLevel = 5;
    expect(store.list()[0]?.stackLevel).toBe(0);
  });

  it.each([
    [{ evseCount: 0 }, /evseCount/],
    [{ maxCurrentA: 0 }, /maxCurrentA/],
    [{ voltageV: -1 }, /voltageV/],
  ])('rejects bad options %o', (bad, message) => {
    expect(
      () => new ChargingProfileStore({ evseCount: 1, maxCurrentA: 16, phases: 3, voltageV: 230, ...bad }),
    ).toThrow(message);
  });
});

describe('sharing a station-wide limit', () => {
  it.each([
    { station: 32, demands: [32, 32], shares: [16, 16] },
    { station: 32, demands: [10, 32], shares: [10, 22] },
    { station: 32, demands: [0, 32], shares: [0, 32] },
    { station: 20, demands: [16, 16], shares: [10, 10] },
  ])('ChargePointMax $station A, EVs wanting $demands A -> $shares A', ({ station, demands, shares }) => {
    const store = new ChargingProfileStore({ evseCount: 2, maxCurrentA: 32, phases: 3, voltageV: 230 });
    store.install(aProfile({ purpose: 'ChargePointMax', startMs: 0, periods: periods([0, station]) }), {
      nowMs: NOW,
    });
    const limits = store.limitsAt(NOW, [
      { evseId: 1, demandA: demands[0]! },
      { evseId: 2, demandA: demands[1]! },
    ]);
    expect([limits.get(1)?.perPhaseA, limits.get(2)?.perPhaseA]).toEqual(shares);
  });

  it('keeps each EVSE under its own limit, and leaves EVSEs alone without a station limit', () => {
    const store = new ChargingProfileStore({ evseCount: 2, maxCurrentA: 32, phases: 3, voltageV: 230 });
    store.install(aProfile({ evseId: 1, startMs: 0, periods: periods([0, 8]) }), { nowMs: NOW });
    const free = store.limitsAt(NOW, [
      { evseId: 1, demandA: 32 },
      { evseId: 2, demandA: 32 },
    ]);
    expect([free.get(1)?.perPhaseA, free.get(2)]).toEqual([8, undefined]);
    store.install(aProfile({ purpose: 'ChargePointMax', startMs: 0, periods: periods([0, 30]) }), {
      nowMs: NOW,
    });
    const shared = store.limitsAt(NOW, [
      { evseId: 1, demandA: 32 },
      { evseId: 2, demandA: 32 },
    ]);
    expect([shared.get(1)?.perPhaseA, shared.get(2)?.perPhaseA]).toEqual([8, 22]);
  });
});

describe('expired profiles', () => {
  it('prune removes profiles past validTo and Absolute schedules that ended, keeping the rest', () => {
    const store = aStore();
    store.install(aProfile({ id: 1, validToMs: NOW + 1000 }), { nowMs: NOW });
    store.install(aProfile({ id: 2, stackLevel: 1, startMs: NOW, durationS: 60 }), { nowMs: NOW });
    store.install(
      aProfile({ id: 3, stackLevel: 2, kind: 'Recurring', recurrency: 'Daily', startMs: NOW, durationS: 60 }),
      {
        nowMs: NOW,
      },
    );
    store.install(aProfile({ id: 4, stackLevel: 3, startMs: NOW }), { nowMs: NOW });
    expect(store.prune(NOW + 999)).toBe(0);
    expect(store.prune(NOW + 60_000)).toBe(2);
    expect(store.list().map((p) => p.id)).toEqual([3, 4]);
  });
});
