import { afterEach, describe, expect, it } from 'vitest';
import type { SiteMeter } from '../../common/site-meter.js';
import { perPhaseOf } from '../../common/units.js';
import { VirtualClock } from '../../common/virtual-clock.js';
import { someChargers } from './dlb-test-builders.js';
import { DlbHostDouble, limitOf } from './dlb-host-double.js';
import type { DlbEvents } from './dlb-events.js';
import { attachLoadBalancer } from './load-balancer.js';
import type { LoadBalancer } from './load-balancer.js';
import type { SiteConfigInput } from './site-config.js';

const T0 = Date.UTC(2026, 5, 1, 6, 30);

function homeMeter(homeA: number, pvA = 0): SiteMeter & { homeA: number } {
  const m = {
    siteId: 'home',
    homeA,
    read: () => ({
      timeMs: T0,
      voltageV: 230,
      gridPerPhaseA: perPhaseOf(m.homeA - pvA),
      homePerPhaseA: perPhaseOf(m.homeA),
      pvPerPhaseA: perPhaseOf(pvA),
      chargersPerPhaseA: perPhaseOf(0),
    }),
  };
  return m;
}

function setup(site: Partial<SiteConfigInput> = {}, homeA = 20) {
  const clock = new VirtualClock({ startMs: T0 });
  const host = new DlbHostDouble();
  const meter = homeMeter(homeA);
  const balancer = attachLoadBalancer(host, {
    site: {
      siteId: 'home',
      main: { id: 'main', maxPerPhaseA: 60, chargers: someChargers(3, 'CP') },
      txStartDelayMs: 0,
      ...site,
    },
    clock,
    siteMeter: meter,
    tracker: clock.tracker,
  });
  const seen: { [K in keyof DlbEvents]?: DlbEvents[K][] } = {};
  for (const name of [
    'dlb.allocated',
    'dlb.mode.changed',
    'dlb.limit.changed',
    'dlb.profile.rejected',
  ] as const) {
    balancer.events.on(name, (e) => ((seen[name] ??= [] as never[]) as unknown[]).push(e));
  }
  return { clock, host, meter, balancer, seen };
}

let current: LoadBalancer | undefined;
afterEach(() => current?.detach());

function lastLimits(host: DlbHostDouble): Record<string, number> {
  return Object.fromEntries(host.txLimits());
}

describe('LoadBalancer', () => {
  it('sends fuse-safe default profiles when a station boots: station max and TxDefaultProfile', async () => {
    const { clock, host, balancer } = setup();
    current = balancer;
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
    const { clock, host, balancer } = setup();
    current = balancer;
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
    const { clock, host, balancer } = setup();
    current = balancer;
    for (const id of ['CP1', 'CP2', 'CP3']) host.start(id);
    await clock.settle();
    const before = host.sent.length;
    await balancer.recompute();
    await clock.advanceBy(5 * 60_000);
    expect(host.sent.length).toBe(before);
  });

  it('does not flap: raises under 1 A stay unsent, every decrease is sent', async () => {
    const { clock, host, balancer, meter } = setup();
    current = balancer;
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
    const { clock, host, balancer } = setup();
    current = balancer;
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

  it('clears the TxProfile when a session ends and gives its share to the others', async () => {
    const { clock, host, balancer } = setup();
    current = balancer;
    const [, , third] = ['CP1', 'CP2', 'CP3'].map((id) => host.start(id));
    await clock.settle();
    host.sent.length = 0;
    host.events.emit('transaction.ended', {
      transactionId: third!,
      transactionRef: String(third),
      stationId: 'CP3',
      evseId: 1,
      energyWh: 1000,
      meterStopWh: 1000,
      reason: 'Local',
      endedAtMs: T0,
      transaction: {} as never,
    });
    await clock.settle();
    expect(host.sent.filter((c) => c.action === 'ClearChargingProfile')).toEqual([
      { stationId: 'CP3', action: 'ClearChargingProfile', payload: { id: 1003 } },
    ]);
    expect(lastLimits(host)).toEqual({ CP1: 18.5, CP2: 18.5 });
  });

  it('counts a station that rejects its profile at its hardware maximum: the others share what is left', async () => {
    const { clock, host, balancer, seen } = setup({
      main: { id: 'main', maxPerPhaseA: 100, chargers: someChargers(3, 'CP') },
    });
    current = balancer;
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
    const { clock, host, balancer, seen } = setup();
    current = balancer;
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

  it('applies a new grid limit at once, broadcasts it and re-sends the fallback profiles', async () => {
    const { clock, host, balancer, seen } = setup();
    current = balancer;
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
    const { clock, host, balancer, seen } = setup({}, 0);
    current = balancer;
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
    const { clock, host, balancer } = setup({ rateUnit: 'W' });
    current = balancer;
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
    const { clock, host, balancer } = setup({ txStartDelayMs: 2000 });
    current = balancer;
    host.start('CP1');
    await clock.advanceBy(1999);
    expect(host.txLimits()).toEqual([]);
    await clock.advanceBy(1);
    expect(host.txLimits()).toEqual([['CP1', 32]]);
  });

  it('tries a rejecting station again on the periodic cycle and counts it as controllable once it accepts', async () => {
    const { clock, host, balancer } = setup();
    current = balancer;
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
