import { afterEach, describe, expect, it } from 'vitest';
import { limitOf } from './dlb-host-double.js';
import { someChargers } from './dlb-test-builders.js';
import { T0, aBalancer, detachBalancers, lastLimits } from './load-balancer-test-setup.js';

afterEach(detachBalancers);

describe('LoadBalancer', () => {
  it('sends fuse-safe default profiles when a station boots: station max and TxDefaultProfile', async () => {
    const { clock, host } = aBalancer();
    host.boot('CP1');
    await clock.settle();
    const profiles = host.sent.map(
      (c) => c.payload as { connectorId: number; csChargingProfiles: Record<string, unknown> },
    );
    expect(
      profiles.map((p) => [
        p.connectorId,
        p.csChargingProfiles.chargingProfilePurpose,
        p.csChargingProfiles.stackLevel,
      ]),
    ).toEqual([
      [0, 'ChargePointMaxProfile', 0],
      [1, 'TxDefaultProfile', 0],
    ]);
    // Station max: its 32 A hardware (under 57 A); fallback: (57 - 15 A reserve) / 3 chargers.
    expect(host.sent.map((c) => limitOf(c.payload))).toEqual([32, 14]);
  });

  it('shares 60 A with 20 A of home load among three sessions: 12.3 A each, as TxProfiles above the default', async () => {
    const { clock, host, balancer } = aBalancer();
    for (const id of ['CP1', 'CP2', 'CP3']) host.boot(id);
    await clock.settle();
    host.sent.length = 0;
    for (const id of ['CP1', 'CP2', 'CP3']) host.start(id);
    await clock.settle();
    expect(lastLimits(host)).toEqual({ CP1: 12.3, CP2: 12.3, CP3: 12.3 });
    const tx = host.sent.find((c) => c.stationId === 'CP3')!.payload;
    expect(tx).toEqual({
      connectorId: 1,
      csChargingProfiles: {
        chargingProfileId: 1003,
        transactionId: 3,
        stackLevel: 1,
        chargingProfilePurpose: 'TxProfile',
        chargingProfileKind: 'Relative',
        chargingSchedule: {
          chargingRateUnit: 'A',
          chargingSchedulePeriod: [{ startPeriod: 0, limit: 12.3, numberPhases: 3 }],
        },
      },
    });
    expect(balancer.allocations().map((a) => a.reason)).toEqual(
      Array(3).fill(
        'equal share: share of circuit main on L1 (57.0 A after the 5.0 % margin, 20.0 A other load): 12.3 A',
      ),
    );
  });

  it('does not resend a limit that did not change', async () => {
    const { clock, host, balancer } = aBalancer();
    for (const id of ['CP1', 'CP2', 'CP3']) host.start(id);
    await clock.settle();
    const before = host.sent.length;
    await balancer.recompute();
    await clock.advanceBy(5 * 60_000);
    expect(host.sent.length).toBe(before);
  });

  it('does not flap: raises under 1 A stay unsent, every decrease is sent', async () => {
    const { clock, host, balancer, meter } = aBalancer();
    for (const id of ['CP1', 'CP2', 'CP3']) host.start(id);
    await clock.settle();
    expect(balancer.allocations().map((a) => a.sentLimit)).toEqual([12.3, 12.3, 12.3]);
    host.sent.length = 0;
    const sends = () => host.txLimits().map(([, limit]) => limit);
    meter.homeA = 19; // (57 - 19) / 3 = 12.67: +0.37 A, not worth a profile
    await balancer.recompute();
    expect(sends()).toEqual([]);
    meter.homeA = 20.3; // (57 - 20.3) / 3 = 12.23: lower, sent at once (12.2 and 12.1 fail float multipleOf checks)
    await balancer.recompute();
    expect(sends()).toEqual([12, 12, 12]);
    meter.homeA = 17; // (57 - 17) / 3 = 13.33: +1.1 A, sent
    await balancer.recompute();
    expect(sends().slice(3)).toEqual([13.3, 13.3, 13.3]);
  });

  it('lowers limits before raising others: an EV drawing 5 A of 12.3 A goes to 6 A first, then the others to 15.5 A', async () => {
    const { clock, host } = aBalancer();
    for (const id of ['CP1', 'CP2', 'CP3']) host.start(id);
    await clock.settle();
    host.sent.length = 0;
    host.meter('CP1', 1, 5, T0 + 5_000); // before the limit could apply: ignored
    await clock.advanceBy(20_000);
    expect(host.txLimits()).toEqual([]);
    host.meter('CP1', 1, 5, T0 + 20_000);
    await clock.settle();
    expect(host.txLimits()).toEqual([
      ['CP1', 6],
      ['CP2', 15.5],
      ['CP3', 15.5],
    ]);
  });

  it("applies a two-EVSE station's meter values to the session on that EVSE, also after the other session ends", async () => {
    const { clock, host } = aBalancer({
      main: {
        id: 'main',
        maxPerPhaseA: 60,
        chargers: [
          { id: 'CP1/1', stationId: 'CP1', connectorId: 1 },
          { id: 'CP1/2', stationId: 'CP1', connectorId: 2 },
          { id: 'CP2', stationId: 'CP2' },
        ],
      },
    });
    const first = host.start('CP1', 1);
    host.start('CP1', 2);
    host.start('CP2', 1);
    await clock.settle();
    host.sent.length = 0;
    await clock.advanceBy(20_000);
    host.meter('CP1', 2, 5, T0 + 20_000);
    await clock.settle();
    // Only EVSE 2 draws 5 A: it goes to 6 A, and the other two share the rest.
    expect(host.txLimits()).toEqual([
      ['CP1', 6],
      ['CP1', 15.5],
      ['CP2', 15.5],
    ]);
    host.end('CP1', first, 1, T0 + 20_000);
    await clock.settle();
    expect(host.txLimits().slice(-1)).toEqual([['CP2', 31]]);
    host.sent.length = 0;
    await clock.advanceBy(20_000);
    // EVSE 2 now draws all of its 6 A: it wants its maximum again, and shares equally with CP2.
    host.meter('CP1', 2, 6, T0 + 40_000);
    await clock.settle();
    expect(host.txLimits()).toEqual([
      ['CP2', 18.5],
      ['CP1', 18.5],
    ]);
  });

  it('clears the TxProfile when a session ends and gives its share to the others', async () => {
    const { clock, host } = aBalancer();
    const [, , third] = ['CP1', 'CP2', 'CP3'].map((id) => host.start(id));
    await clock.settle();
    host.sent.length = 0;
    host.end('CP3', third!, 1, T0);
    await clock.settle();
    expect(host.sent.filter((c) => c.action === 'ClearChargingProfile')).toEqual([
      { stationId: 'CP3', action: 'ClearChargingProfile', payload: { id: 1003 } },
    ]);
    expect(lastLimits(host)).toEqual({ CP1: 18.5, CP2: 18.5 });
  });

  it('counts a station that rejects its profile at its hardware maximum: the others share what is left', async () => {
    const { clock, host, balancer, seen } = aBalancer({
      main: { id: 'main', maxPerPhaseA: 100, chargers: someChargers(3, 'CP') },
    });
    host.rejecting.add('CP2');
    for (const id of ['CP1', 'CP2', 'CP3']) host.start(id);
    await clock.settle();
    // (95 - 20 - 32) / 2 = 21.5
    expect(lastLimits(host)).toMatchObject({ CP1: 21.5, CP3: 21.5 });
    expect(balancer.allocations().find((a) => a.stationId === 'CP2')).toMatchObject({
      controllable: false,
      perPhaseA: 32,
      reason: 'station does not obey limits: counted at its maximum 32.0 A',
    });
    expect(seen['dlb.profile.rejected']![0]).toMatchObject({
      stationId: 'CP2',
      kind: 'tx',
      reason: 'station answered Rejected',
    });
  });

  it('recomputes on meter values at most every 10 s, and on its own every 60 s', async () => {
    const { clock, host, seen } = aBalancer();
    host.start('CP1');
    await clock.settle();
    for (let s = 1; s <= 9; s++) {
      host.meter('CP1', 1, 31, T0 + s * 1000);
      await clock.advanceTo(T0 + s * 1000);
    }
    await clock.advanceTo(T0 + 10_000);
    const causes = () => seen['dlb.allocated']!.map((e) => [e.cause, e.timeMs - T0]);
    expect(causes()).toEqual([
      ['session-started', 0],
      ['meter', 10_000],
    ]);
    await clock.advanceTo(T0 + 70_000);
    expect(causes()).toEqual([
      ['session-started', 0],
      ['meter', 10_000],
      ['timer', 70_000],
    ]);
  });
});
