import { afterEach, describe, expect, it } from 'vitest';
import { VirtualClock } from '../../common/virtual-clock.js';
import { DlbHostDouble, limitOf } from './dlb-host-double.js';
import { attachLoadBalancer } from './load-balancer.js';
import { T0, aBalancer, detachBalancers, lastLimits } from './load-balancer-test-setup.js';

afterEach(detachBalancers);

describe('LoadBalancer at run time', () => {
  it('applies a new grid limit at once, broadcasts it and re-sends the fallback profiles', async () => {
    const { clock, host, balancer, seen } = aBalancer();
    host.boot('CP1');
    for (const id of ['CP1', 'CP2', 'CP3']) host.start(id);
    await clock.settle();
    host.sent.length = 0;
    await balancer.setGridLimit({ maxPerPhaseA: 40 });
    // (38 - 20) / 3 = 6 A each
    expect(lastLimits(host)).toEqual({ CP1: 6, CP2: 6, CP3: 6 });
    expect(seen['dlb.limit.changed']).toEqual([
      { siteId: 'home', timeMs: T0, maxPerPhaseA: 40, maxPowerKw: undefined },
    ]);
    const defaults = host.sent.filter((c) => JSON.stringify(c.payload).includes('TxDefaultProfile'));
    // (38 - 10 A reserve) / 3
    expect(defaults.map((c) => [c.stationId, limitOf(c.payload)])).toEqual([['CP1', 9.3]]);
  });

  it('broadcasts a mode change and applies it at once', async () => {
    const { clock, host, balancer, seen } = aBalancer({}, 0);
    host.start('CP1');
    await clock.settle();
    expect(lastLimits(host)).toEqual({ CP1: 32 });
    await balancer.setModes({ pvDynamic: true });
    expect(seen['dlb.mode.changed']).toEqual([
      {
        siteId: 'home',
        timeMs: T0,
        modes: { extreme: false, nightFullSpeed: false, pvDynamic: true, minPlusPv: false },
        active: 'pv-dynamic',
      },
    ]);
    expect(lastLimits(host)).toEqual({ CP1: 0 });
  });

  it('speaks 2.0.1 with EVSE ids and watts when the site says W', async () => {
    const { clock, host } = aBalancer({ rateUnit: 'W' });
    host.boot('CP1', '2.0.1');
    await clock.settle();
    host.start('CP1');
    await clock.settle();
    const kinds = host.sent.map((c) => {
      const p = c.payload as { evseId: number; chargingProfile: { chargingProfilePurpose: string } };
      return [p.evseId, p.chargingProfile.chargingProfilePurpose, limitOf(c.payload)];
    });
    // 32 A x 3 x 230 V = 22 080 W station max; fallback 14 A = 9660 W; alone: 32 A = 22 080 W.
    expect(kinds).toEqual([
      [0, 'ChargingStationMaxProfile', 22080],
      [1, 'TxDefaultProfile', 9660],
      [1, 'TxProfile', 22080],
    ]);
    expect(
      (host.sent[2]!.payload as { chargingProfile: { transactionId: string } }).chargingProfile.transactionId,
    ).toBe('T-1');
  });

  it('waits txStartDelayMs after a start before the first TxProfile, so the station knows the transaction', async () => {
    const { clock, host } = aBalancer({ txStartDelayMs: 2000 });
    host.start('CP1');
    await clock.advanceBy(1999);
    expect(host.txLimits()).toEqual([]);
    await clock.advanceBy(1);
    expect(host.txLimits()).toEqual([['CP1', 32]]);
  });

  it('tries a rejecting station again on the periodic cycle and counts it as controllable once it accepts', async () => {
    const { clock, host, balancer } = aBalancer();
    host.rejecting.add('CP1');
    host.start('CP1');
    host.start('CP2');
    await clock.settle();
    // CP1 counted at 32 A: 57 - 20 - 32 = 5 A is below CP2's 6 A minimum, so CP2 is paused.
    const state = () => balancer.allocations().map((a) => [a.stationId, a.controllable, a.perPhaseA]);
    expect(state()).toEqual([
      ['CP1', false, 32],
      ['CP2', true, 0],
    ]);
    host.rejecting.delete('CP1');
    await clock.advanceBy(60_000);
    expect(state()).toEqual([
      ['CP1', true, 18.5],
      ['CP2', true, 18.5],
    ]);
  });

  it('refuses a bad site at attach, naming the field', () => {
    const clock = new VirtualClock({ startMs: T0 });
    expect(() =>
      attachLoadBalancer(new DlbHostDouble(), {
        site: { siteId: 'x', main: { id: 'main', maxPerPhaseA: 0 } },
        clock,
      }),
    ).toThrow(/main\.maxPerPhaseA: .*positive number, got 0/);
  });
});
