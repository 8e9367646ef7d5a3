import type { Clock } from '../../common/clock.js';
import { RealClock } from '../../common/clock.js';
import { Rng } from '../../common/rng.js';
import type { FrameRecord } from '../../common/rpc-types.js';
import { VirtualClock } from '../../common/virtual-clock.js';
import { createWsTransport } from '../../common/ws-transport.js';
import { UserStore } from '../../csms/auth/user-store.js';
import { money } from '../../csms/billing/money.js';
import { creditWallet, findWallet } from '../../csms/billing/wallet-ledger.js';
import { configureFirmware } from '../../simulator/firmware/station-firmware.js';
import type { CaseCollector } from '../../reports/case-collector.js';
import { defaultValidator } from '../../schemas/validator.js';
import type { SiteConfig } from '../../simulator/site/site-config.js';
import { SiteModel } from '../../simulator/site/site-model.js';
import { SiteTime } from '../../simulator/site/site-time.js';
import { createStation } from '../../simulator/station/create-station.js';
import type { Station } from '../../simulator/station/station-core.js';
import type { ScenarioPlan } from './scenario-plan.js';
import { SCENARIO_DAY } from './scenario-plan.js';
import { ScenarioInputError } from './run-context.js';
import type { TrackedEv } from './site-sampler.js';
import { SiteSampler } from './site-sampler.js';
import { startScenarioCsms } from './scenario-csms.js';
import type { InProcessCsms } from './scenario-csms.js';

/** Sampling period of the site, circuits, allocations and SoC, clock ms. */
export const SAMPLE_PERIOD_MS = 30_000;

/** What a running scenario is made of. */
export interface ScenarioSimOptions {
  readonly plan: ScenarioPlan;
  readonly seed: string | number;
  readonly collector: CaseCollector;
  /** Sees every frame the simulated chargers send and receive. */
  readonly onFrame: (record: FrameRecord) => void;
}

function siteFor(plan: ScenarioPlan): SiteConfig {
  const site = plan.needSite();
  return {
    ...site,
    chargers: plan.chargers.map((c) => ({
      id: c.id,
      version: c.version,
      maxCurrentA: c.maxCurrentA,
      phases: c.phases,
      phase: c.phase,
    })),
  };
}

/** Epoch ms of the scenario's start: its start time (default 00:00) on {@link SCENARIO_DAY}, site time. */
export function scenarioStartMs(plan: ScenarioPlan): number {
  const time = new SiteTime(plan.needSite().timeZone);
  const midnight = time.localMidnightMs(Date.parse(`${SCENARIO_DAY}T12:00:00Z`));
  return midnight + (plan.start?.minutes ?? 0) * 60_000;
}

/**
 * A scenario's running simulation: a site model, the simulated chargers over real WebSockets and,
 * unless the scenario targets an external CSMS, the in-process reference CSMS (PGlite in memory)
 * with billing and load balancing, all on one VirtualClock.
 */
export class ScenarioSim {
  readonly stations = new Map<string, Station>();
  readonly evs: TrackedEv[] = [];
  readonly frames: FrameRecord[] = [];
  /** Firmware campaigns the scenario started, by id, in order. */
  readonly campaigns: number[] = [];
  /** Failures of background work (CSMS, load balancer, stations) that a scenario must not hide. */
  readonly errors: string[] = [];
  readonly sampler: SiteSampler;
  readonly siteTime: SiteTime;
  /** When the scenario started, clock epoch ms. */
  readonly startMs: number;
  readonly #acceptedTokens = new Set<string>();
  #evCount = 0;
  #stopped = false;

  private constructor(
    readonly plan: ScenarioPlan,
    readonly clock: Clock,
    readonly site: SiteModel,
    readonly rng: Rng,
    readonly local: InProcessCsms | undefined,
    readonly collector: CaseCollector,
  ) {
    this.siteTime = site.time;
    this.startMs = clock.now();
    this.sampler = new SiteSampler(
      {
        clock,
        site,
        chargers: plan.chargers,
        panels: plan.panels,
        stations: this.stations,
        evs: this.evs,
        balancer: local?.balancer,
        collector,
      },
      SAMPLE_PERIOD_MS,
      plan.needSite().mainFuseA,
    );
  }

  /** Builds and starts everything the plan describes. */
  static async start(options: ScenarioSimOptions): Promise<ScenarioSim> {
    const { plan, seed } = options;
    if (plan.chargers.length === 0) {
      throw new ScenarioInputError(
        'the scenario has no chargers: add e.g. "Given 2 OCPP 1.6 chargers rated 32 A" before the first When step',
      );
    }
    const siteConfig = siteFor(plan);
    const rng = new Rng(seed, 'scenario');
    const startMs = scenarioStartMs(plan);
    const external = plan.csmsUrl;
    const clock: Clock = external === undefined ? new VirtualClock({ startMs }) : new RealClock();
    const tracker = clock instanceof VirtualClock ? clock.tracker : undefined;
    const transport = createWsTransport(tracker === undefined ? {} : { tracker });
    const site = new SiteModel(siteConfig, rng.fork(`site/${siteConfig.id}`), clock);
    const local =
      external === undefined
        ? await startScenarioCsms(plan, seed, clock, transport, siteConfig, site)
        : undefined;
    const sim = new ScenarioSim(plan, clock, site, rng, local, options.collector);
    try {
      if (local !== undefined) {
        local.csms.events.on('error', (e) =>
          sim.errors.push(
            `CSMS, ${e.where}: ${e.error instanceof Error ? e.error.message : String(e.error)}`,
          ),
        );
        local.csms.events.on('firmware.status', (e) =>
          options.collector.recordFirmware({ timeMs: e.timeMs, chargerId: e.stationId, status: e.status }),
        );
        local.balancer.events.on('dlb.error', (e) =>
          sim.errors.push(`load balancer, ${e.where}: ${e.error}`),
        );
      }
      const validator = defaultValidator();
      const csmsUrl = external ?? local!.csms.ocppUrl;
      for (const c of plan.chargers) {
        const station = createStation({
          id: c.id,
          version: c.version,
          csmsUrl,
          transport,
          clock,
          rng: rng.fork(`station/${c.id}`),
          validator,
          tap: (r) => {
            sim.frames.push(r);
            options.onFrame(r);
          },
          maxCurrentA: c.maxCurrentA,
          phases: c.phases,
          phase: c.phase,
          voltageV: siteConfig.voltageV,
          meterIntervalS: 300,
          heartbeatIntervalS: 3600,
        });
        const faults = plan.firmwareFaults.get(c.id);
        if (faults !== undefined) configureFirmware(station, { faults });
        station.events.on('problem', (e) => sim.errors.push(`charger ${e.stationId}: ${e.message}`));
        sim.stations.set(c.id, station);
        site.attachCharger(
          c.id,
          c.phases,
          c.phase,
          () => station.currentA(),
          () => station.activePhases(),
        );
      }
      for (const s of sim.stations.values()) await s.start();
      sim.sampler.start();
    } catch (err) {
      await sim.stop().catch(() => undefined);
      throw err;
    }
    return sim;
  }

  /** True when the reference CSMS runs in-process (virtual time). */
  get inProcess(): boolean {
    return this.local !== undefined;
  }

  /** The in-process CSMS. @throws ScenarioInputError when the scenario targets an external one */
  needLocal(what: string): InProcessCsms {
    if (this.local === undefined) {
      throw new ScenarioInputError(
        `${what} needs the in-process reference CSMS, but this scenario targets ${this.plan.csmsUrl}; drop --csms or the "CSMS under test" step`,
      );
    }
    return this.local;
  }

  /** The simulated charger with that id. */
  station(id: string): Station {
    this.plan.charger(id);
    return this.stations.get(id)!;
  }

  /** Lets `durationMs` of scenario time pass (virtual: in a moment; external CSMS: in real time). */
  async runFor(durationMs: number): Promise<void> {
    await this.runUntil(this.clock.now() + durationMs);
  }

  /** Runs until epoch ms `t`. */
  async runUntil(t: number): Promise<void> {
    if (this.clock instanceof VirtualClock) await this.clock.advanceTo(t);
    else await this.clock.sleep(Math.max(0, t - this.clock.now()));
  }

  /** The next time the site clock shows `minutes` after local midnight (today, or tomorrow if past). */
  nextLocalTime(minutes: number): number {
    const now = this.clock.now();
    let t = this.siteTime.localMidnightMs(now) + minutes * 60_000;
    if (t < now) t = this.siteTime.localMidnightMs(now + 86_400_000 + 3_600_000) + minutes * 60_000;
    return t;
  }

  /** Makes sure the CSMS accepts `token` (in-process only; an external CSMS has its own list). */
  async acceptToken(token: string): Promise<void> {
    if (this.local === undefined || this.#acceptedTokens.has(token)) return;
    this.#acceptedTokens.add(token);
    await new UserStore(this.local.csms.store).addToken({ token, status: 'Accepted' }, this.clock.now());
  }

  /** A fresh EV id and its own random stream. */
  nextEv(): { evId: string; rng: Rng } {
    const n = ++this.#evCount;
    return { evId: `EV${n}`, rng: this.rng.fork(`ev/${n}`) };
  }

  /** Stops sampling, records the end-of-scenario data and shuts everything down. */
  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    this.sampler.sample();
    this.sampler.stop();
    for (const e of this.evs) {
      this.collector.recordEvEnergy({ evId: e.evId, requestedWh: e.wantedWh, deliveredWh: e.ev.drawnWh });
    }
    const local = this.local;
    try {
      for (const s of this.stations.values()) await s.stop();
    } finally {
      if (local !== undefined) {
        local.balancer.detach();
        await local.firmware.stop();
        await local.billing.stop();
        await local.csms.stop();
        await local.store.close();
      }
    }
  }

  /** The wallet balance of a user, minor units. */
  async walletOf(name: string): Promise<{ minorUnits: number; currency: string }> {
    const local = this.needLocal('a wallet check');
    const id = local.userIds.get(name);
    if (id === undefined) throw new ScenarioInputError(`no user "${name}" in this scenario`);
    const w = await findWallet(local.csms.store, id);
    if (w === undefined) throw new Error(`user "${name}" has no wallet`);
    return { minorUnits: w.balanceMinor, currency: w.currency };
  }

  /** Tops up a user's wallet. */
  async topUp(name: string, amount: { minorUnits: number; currency: string }): Promise<void> {
    const local = this.needLocal('a top-up');
    const id = local.userIds.get(name);
    if (id === undefined) throw new ScenarioInputError(`no user "${name}" in this scenario`);
    await creditWallet(local.csms.store, id, 'TOP_UP', money(amount.minorUnits, amount.currency), {
      nowMs: this.clock.now(),
    });
  }
}
