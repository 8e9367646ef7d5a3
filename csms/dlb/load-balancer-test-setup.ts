import type { SiteMeter } from '../../common/site-meter.js';
import { perPhaseOf } from '../../common/units.js';
import { VirtualClock } from '../../common/virtual-clock.js';
import { DlbHostDouble } from './dlb-host-double.js';
import type { DlbEvents } from './dlb-events.js';
import { someChargers } from './dlb-test-builders.js';
import { attachLoadBalancer } from './load-balancer.js';
import type { LoadBalancer } from './load-balancer.js';
import type { SiteConfigInput } from './site-config.js';

/** Start of the balancer tests' virtual time: noon in Asia/Kolkata. */
export const T0 = Date.UTC(2026, 5, 1, 6, 30);

/** A site meter with a settable home load (and fixed PV), equal on every phase. */
export function homeMeter(homeA: number, pvA = 0): SiteMeter & { homeA: number } {
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

const attached: LoadBalancer[] = [];

/** Detaches every balancer made by {@link aBalancer} (call in afterEach). */
export function detachBalancers(): void {
  for (const b of attached.splice(0)) b.detach();
}

/** What {@link aBalancer} returns. */
export interface BalancerFixture {
  readonly clock: VirtualClock;
  readonly host: DlbHostDouble;
  readonly meter: SiteMeter & { homeA: number };
  readonly balancer: LoadBalancer;
  readonly seen: { [K in keyof DlbEvents]?: DlbEvents[K][] };
}

/**
 * A balancer on a 60 A site with three 3-phase 32 A chargers CP1..CP3 and `homeA` of home load,
 * in virtual time, on an in-process host; the first TxProfile goes out at once unless `site` says.
 */
export function aBalancer(site: Partial<SiteConfigInput> = {}, homeA = 20): BalancerFixture {
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
  attached.push(balancer);
  const seen: BalancerFixture['seen'] = {};
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

/** The last TxProfile limit sent to each station. */
export function lastLimits(host: DlbHostDouble): Record<string, number> {
  return Object.fromEntries(host.txLimits());
}
