import type { Clock } from '../../common/clock.js';
import { Rng } from '../../common/rng.js';
import type { Transport } from '../../common/transport.js';
import { VirtualClock } from '../../common/virtual-clock.js';
import { billingExtension } from '../../csms/billing/billing-extension.js';
import type { BillingExtension } from '../../csms/billing/billing-extension.js';
import { createUser } from '../../csms/billing/billing-users.js';
import { money } from '../../csms/billing/money.js';
import { createTariff } from '../../csms/billing/tariff-store.js';
import { creditWallet } from '../../csms/billing/wallet-ledger.js';
import { createCsms } from '../../csms/create-csms.js';
import type { Csms } from '../../csms/create-csms.js';
import type { CircuitConfig } from '../../csms/dlb/circuit-tree.js';
import { attachLoadBalancer } from '../../csms/dlb/load-balancer.js';
import type { LoadBalancer } from '../../csms/dlb/load-balancer.js';
import { loadStrategy } from '../../csms/dlb/load-strategy.js';
import type { SiteConfigInput } from '../../csms/dlb/site-config.js';
import { firmwareExtension } from '../../csms/firmware/firmware-extension.js';
import type { FirmwareExtension } from '../../csms/firmware/firmware-extension.js';
import type { Store } from '../../csms/store/store.js';
import type { SiteConfig } from '../../simulator/site/site-config.js';
import type { SiteModel } from '../../simulator/site/site-model.js';
import { ScenarioInputError } from './run-context.js';
import type { PlannedCharger, ScenarioPlan } from './scenario-plan.js';
import { openScenarioStore } from './scenario-store.js';
import { resolveStrategy } from './strategy-alias.js';

/** The in-process reference CSMS of a scenario with its billing and load balancer. */
export interface InProcessCsms {
  readonly csms: Csms;
  /** The scenario's own database (closed with the scenario). */
  readonly store: Store;
  readonly billing: BillingExtension;
  readonly firmware: FirmwareExtension;
  readonly balancer: LoadBalancer;
  /** User ids by scenario name. */
  readonly userIds: ReadonlyMap<string, number>;
}

function circuitTree(plan: ScenarioPlan, mainFuseA: number): CircuitConfig {
  const build = (id: string, maxPerPhaseA: number): CircuitConfig => ({
    id,
    maxPerPhaseA,
    circuits: plan.panels.filter((p) => p.parentId === id).map((p) => build(p.id, p.maxPerPhaseA)),
    chargers: plan.chargers
      .filter((c) => c.circuitId === id)
      .map((c: PlannedCharger) => ({
        id: c.id,
        phases: c.phases,
        firstPhase: c.phase,
        maxCurrentA: c.maxCurrentA,
      })),
  });
  return build('main', mainFuseA);
}

/**
 * Starts the scenario's in-process reference CSMS on its own database: billing, firmware, the
 * load balancer over the plan's circuits and strategy, the plan's tariff and users with their
 * wallets. Everything started is stopped again when a later step fails.
 * @throws ScenarioInputError for a strategy or circuits the plan cannot have
 */
export async function startScenarioCsms(
  plan: ScenarioPlan,
  seed: string | number,
  clock: Clock,
  transport: Transport,
  siteConfig: SiteConfig,
  site: SiteModel,
): Promise<InProcessCsms> {
  const store = await openScenarioStore(clock instanceof VirtualClock ? clock.tracker : undefined);
  const firmware = firmwareExtension();
  const billing = billingExtension({ seed, adminKey: 'ohk_scenario-operator-key' });
  const csms = createCsms({
    clock,
    transport,
    store,
    heartbeatIntervalS: 3600,
    seed,
    extendApi: (services) => [...billing.extendApi(services), ...firmware.extendApi(services)],
    extendApp: (services) => firmware.extendApp(services),
  });
  const { strategyName, modes } = resolveStrategy(plan.strategy);
  const strategy = await loadStrategy(strategyName).catch((err: unknown) => {
    throw new ScenarioInputError(err instanceof Error ? err.message : String(err));
  });
  const priorityByIdTag: Record<string, string> = {};
  for (const u of plan.users.values()) if (u.vip) priorityByIdTag[u.token] = 'vip';
  const dlbSite: SiteConfigInput = {
    siteId: siteConfig.id,
    timeZone: siteConfig.timeZone,
    voltageV: siteConfig.voltageV,
    main: circuitTree(plan, siteConfig.mainFuseA),
    strategy: strategyName,
    settings: { modes: { ...modes, ...plan.modes } },
    priorityByIdTag,
  };
  let balancer: LoadBalancer;
  try {
    balancer = attachLoadBalancer(csms, {
      site: dlbSite,
      strategy,
      clock,
      siteMeter: site,
      ...(clock instanceof VirtualClock ? { tracker: clock.tracker } : {}),
    });
  } catch (err) {
    throw new ScenarioInputError(`the site's circuits: ${err instanceof Error ? err.message : String(err)}`);
  }
  try {
    await csms.start();
  } catch (err) {
    await store.close();
    throw err;
  }
  const userIds = new Map<string, number>();
  try {
    await billing.start(csms);
    await firmware.start(csms);
    const now = clock.now();
    if (plan.tariff !== undefined) {
      const digits = plan.tariff.currency === 'JPY' ? 0 : 2;
      const major = (plan.tariff.minorUnits / 10 ** digits).toFixed(digits);
      await createTariff(
        store,
        {
          pricePerKwh: major,
          currency: plan.tariff.currency,
          timeZone: siteConfig.timeZone,
          effectiveFrom: new Date(now - 86_400_000).toISOString(),
        },
        now,
      );
    }
    const userRng = new Rng(seed, 'scenario/users');
    for (const u of plan.users.values()) {
      const user = await createUser(
        store,
        { name: u.name, token: u.token, currency: u.wallet.currency },
        userRng,
        now,
      );
      if (u.wallet.minorUnits > 0) {
        await creditWallet(store, user.id, 'TOP_UP', money(u.wallet.minorUnits, u.wallet.currency), {
          nowMs: now,
        });
      }
      userIds.set(u.name, user.id);
    }
  } catch (err) {
    balancer.detach();
    await firmware.stop().catch(() => undefined);
    await billing.stop().catch(() => undefined);
    await csms.stop().catch(() => undefined);
    await store.close();
    throw err;
  }
  return { csms, store, billing, firmware, balancer, userIds };
}
