import type { Clock } from '../../common/clock.js';
import type { OcppVersion } from '../../common/ocpp-version.js';
import type { SiteMeter, SiteMeterReading } from '../../common/site-meter.js';
import { TypedEvents } from '../../common/typed-events.js';
import type { CsmsEvents } from '../csms-events.js';
import { allocate } from './allocate.js';
import type { AllocationView, DlbEvents, RecomputeCause } from './dlb-events.js';
import type { HomeModes } from './dlb-settings.js';
import { defaultProfiles, PROFILE_IDS } from './fallback-limits.js';
import { BUILT_IN_STRATEGIES, StrategyLoadError, isBuiltInStrategy, loadStrategy } from './load-strategy.js';
import { ProfileDispatcher } from './profile-dispatcher.js';
import { RecomputeScheduler } from './recompute-scheduler.js';
import { dispatchTxLimits } from './tx-dispatch.js';
import type { SendCommand } from './profile-dispatcher.js';
import { nextPvState, PV_OFF, pvSurplusW } from './pv-hysteresis.js';
import type { PvState } from './pv-hysteresis.js';
import { resolveSiteConfig, SiteConfigError } from './site-config.js';
import type { SiteConfig, SiteConfigInput } from './site-config.js';
import {
  applyAllocation,
  allocationView,
  chargerAt,
  learnAcceptance,
  newTrackedSession,
  measuredCurrentA,
  sessionDemand,
  siteReadingFromSamples,
} from './session-tracker.js';
import type { TrackedSession } from './session-tracker.js';
import { activeHomeMode } from './strategies/home-modes.js';
import { emitSiteChanges } from './site-change-events.js';
import type { ActiveHomeMode } from './strategies/home-modes.js';
import type { SiteMeasurements, Strategy } from './strategy.js';
import { mergeSettings, siteMeasurements } from './load-balancer-options.js';
import type { DlbHost, LoadBalancerOptions, SitePatch } from './load-balancer-options.js';

export type { DlbHost, LoadBalancerOptions, SitePatch } from './load-balancer-options.js';

/**
 * Dynamic load balancing for one site of a CSMS. Recomputes on session start and end, on meter
 * values (at most every `meterRecomputeMinMs`), on a limit or mode change and on a timer, and
 * dispatches the limits as charging profiles: decreases before increases, unchanged limits never
 * resent, profiles cleared when sessions end. A station that rejects a profile is counted at its
 * hardware maximum from then on.
 */
export class LoadBalancer {
  /** The site's event stream: allocations, mode and limit changes, profiles sent and rejected. */
  readonly events = new TypedEvents<DlbEvents>((error) => {
    queueMicrotask(() => {
      throw error;
    });
  });
  #site: SiteConfig;
  #input: SiteConfigInput;
  #strategy: Strategy;
  readonly #clock: Clock;
  readonly #siteMeter: SiteMeter | undefined;
  readonly #dispatcher: ProfileDispatcher;
  readonly #scheduler: RecomputeScheduler;
  readonly #sessions = new Map<number, TrackedSession>();
  /** The running sessions by station, for the meter values (one station's in start order). */
  readonly #byStation = new Map<string, TrackedSession[]>();
  readonly #versions = new Map<string, OcppVersion>();
  readonly #booted = new Set<string>();
  readonly #defaultsSent = new Map<string, string>();
  readonly #offs: (() => void)[] = [];
  #reading: SiteMeterReading | undefined;
  #pv: PvState = PV_OFF;
  #mode: ActiveHomeMode | undefined;

  constructor(host: DlbHost, options: LoadBalancerOptions) {
    this.#site = resolveSiteConfig(options.site);
    this.#input = options.site;
    const builtIn = isBuiltInStrategy(this.#site.strategy)
      ? BUILT_IN_STRATEGIES[this.#site.strategy]
      : undefined;
    const strategy = options.strategy ?? builtIn;
    if (strategy === undefined) {
      throw new StrategyLoadError(
        `site ${this.#site.siteId}: strategy "${this.#site.strategy}" is a module; load it with loadStrategy() and pass it as options.strategy`,
      );
    }
    this.#strategy = strategy;
    this.#clock = options.clock;
    this.#siteMeter = options.siteMeter;
    const send: SendCommand = (stationId, action, payload) => host.sendCommand(stationId, action, payload);
    this.#dispatcher = new ProfileDispatcher(this.#site.siteId, send, this.#clock, this.events);
    this.#scheduler = new RecomputeScheduler(
      this.#clock,
      () => this.#site,
      (cause) => this.#cycle(cause),
      (where, err) => this.#error(where, err),
      options.tracker,
    );
    const on = host.events.on.bind(host.events);
    this.#offs.push(
      on('station.connected', (e) => this.#versions.set(e.stationId, e.version)),
      on('station.booted', (e) => {
        if (e.status !== 'Accepted') return;
        this.#versions.set(e.stationId, e.version);
        this.#booted.add(e.stationId);
        this.#defaultsSent.delete(e.stationId);
        this.#scheduler.background(this.#sendDefaults(e.stationId), `default profiles for ${e.stationId}`);
      }),
      on('station.disconnected', (e) => this.#booted.delete(e.stationId)),
      on('transaction.started', (e) => this.#started(e)),
      on('transaction.ended', (e) => this.#ended(e.transactionId)),
      on('meter.values', (e) => this.#meter(e)),
    );
  }

  /** The site as configured now. */
  get site(): SiteConfig {
    return this.#site;
  }

  /** The current allocation of every running session, with the reason for it. */
  allocations(): AllocationView[] {
    return [...this.#sessions.values()].map((s) => allocationView(s, this.#site.rateUnit));
  }

  /** The PV Dynamic Balance state after the last recompute. */
  get pvState(): PvState {
    return this.#pv;
  }

  /** Recomputes and dispatches now; resolves when the stations have answered. */
  recompute(cause: RecomputeCause = 'manual'): Promise<void> {
    return this.#scheduler.run(cause);
  }

  /**
   * Changes the site at run time (tree, limits, strategy, modes, settings): validated first (the
   * error names the field), applied at once, broadcast on the event stream, then recomputed.
   */
  async updateSite(patch: SitePatch): Promise<SiteConfig> {
    const input: SiteConfigInput = {
      ...this.#input,
      ...patch,
      siteId: this.#site.siteId,
      settings: mergeSettings(this.#input.settings, patch.settings),
    };
    const site = resolveSiteConfig(input);
    for (const s of this.#sessions.values()) {
      if (site.tree.chargers.get(s.charger.id) === undefined) {
        throw new SiteConfigError(
          'main',
          `charger "${s.charger.id}" has a running session (transaction ${s.transactionId}); keep it in the tree until the session ends`,
        );
      }
    }
    const strategy =
      site.strategy === this.#site.strategy ? this.#strategy : await loadStrategy(site.strategy);
    const before = this.#site;
    this.#site = site;
    this.#input = input;
    this.#strategy = strategy;
    for (const s of this.#sessions.values()) s.charger = site.tree.chargers.get(s.charger.id)!;
    const now = this.#clock.now();
    const mode = emitSiteChanges(this.events, before, site, now);
    if (mode !== undefined) this.#mode = mode;
    await this.#scheduler.run('config');
    await Promise.all([...this.#booted].map((id) => this.#sendDefaults(id)));
    return site;
  }

  /** Changes the main breaker's limit at run time (a utility demand-response signal). */
  setGridLimit(limit: { maxPerPhaseA?: number; maxPowerKw?: number }): Promise<SiteConfig> {
    return this.updateSite({ main: { ...this.#input.main, ...limit } });
  }

  /** Switches home-charging modes; applies at once and is broadcast. */
  setModes(modes: Partial<HomeModes>): Promise<SiteConfig> {
    return this.updateSite({ settings: { modes } });
  }

  /** Stops listening and cancels timers (profiles already sent stay on the stations). */
  detach(): void {
    for (const off of this.#offs) off();
    this.#scheduler.stop();
  }

  #error(where: string, err: unknown): void {
    this.events.emit('dlb.error', {
      siteId: this.#site.siteId,
      timeMs: this.#clock.now(),
      where,
      error: err instanceof Error ? err.message : String(err),
    });
  }

  #started(e: CsmsEvents['transaction.started']): void {
    const charger = chargerAt(this.#site.tree, e.stationId, e.evseId);
    if (charger === undefined || this.#sessions.has(e.transactionId)) return;
    this.#versions.set(e.stationId, e.version);
    const session = newTrackedSession(e, charger, PROFILE_IDS.txBase + e.transactionId);
    this.#sessions.set(e.transactionId, session);
    const atStation = this.#byStation.get(e.stationId);
    if (atStation === undefined) this.#byStation.set(e.stationId, [session]);
    else atStation.push(session);
    const delay = this.#site.txStartDelayMs;
    if (delay === 0) this.#scheduler.request('session-started');
    else this.#clock.setTimer(() => this.#scheduler.request('session-started'), delay);
  }

  #ended(transactionId: number): void {
    const s = this.#sessions.get(transactionId);
    if (s === undefined) return;
    this.#sessions.delete(transactionId);
    const atStation = this.#byStation.get(s.stationId)!.filter((other) => other !== s);
    if (atStation.length === 0) this.#byStation.delete(s.stationId);
    else this.#byStation.set(s.stationId, atStation);
    if (s.sentLimit !== undefined) {
      this.#scheduler.background(
        this.#dispatcher.clearProfile(s.stationId, s.version, s.profileId),
        'clear profile',
      );
    }
    this.#scheduler.request('session-ended');
  }

  #meter(e: CsmsEvents['meter.values']): void {
    let relevant = false;
    if (e.stationId === this.#site.meterStationId) {
      const reading = siteReadingFromSamples(e.samples, e.timeMs, this.#site.voltageV);
      if (reading !== undefined) {
        this.#reading = reading;
        relevant = true;
      }
    }
    for (const s of this.#byStation.get(e.stationId) ?? []) {
      if (s.evseId !== e.evseId) continue;
      const a = measuredCurrentA(e.samples, s.charger, this.#site.voltageV);
      if (a !== undefined) {
        const { reclaimThresholdA, reclaimHeadroomA } = this.#site.settings;
        learnAcceptance(s, a, e.timeMs, reclaimThresholdA, reclaimHeadroomA);
        relevant = true;
      }
    }
    if (relevant) this.#scheduler.request('meter');
  }

  #measurements(): SiteMeasurements {
    return siteMeasurements(this.#siteMeter?.read() ?? this.#reading, this.#site);
  }

  async #cycle(cause: RecomputeCause): Promise<void> {
    const site = this.#site;
    const now = this.#clock.now();
    const measurements = this.#measurements();
    this.#pv = nextPvState(this.#pv, pvSurplusW(measurements), site.settings.pv, now);
    const sessions = [...this.#sessions.values()].sort((a, b) => a.transactionId - b.transactionId);
    const allocations = allocate(
      {
        tree: site.tree,
        sessions: sessions.map((s) => sessionDemand(s, site.priorityByIdTag)),
        measurements,
        timeMs: now,
        timeZone: site.timeZone,
        settings: site.settings,
        pv: this.#pv,
      },
      this.#strategy,
    );
    const mode = activeHomeMode({ settings: site.settings, timeMs: now, timeZone: site.timeZone });
    if (this.#mode !== undefined && mode !== this.#mode) {
      this.events.emit('dlb.mode.changed', {
        siteId: site.siteId,
        timeMs: now,
        modes: site.settings.modes,
        active: mode,
      });
    }
    this.#mode = mode;
    sessions.forEach((s, i) => applyAllocation(s, allocations[i]!, now));
    if (await dispatchTxLimits(this.#dispatcher, site, sessions, now, cause === 'timer'))
      this.#scheduler.again('rejected');
    this.events.emit('dlb.allocated', {
      siteId: site.siteId,
      timeMs: now,
      cause,
      mode,
      measurements,
      allocations: this.allocations(),
    });
  }

  async #sendDefaults(stationId: string): Promise<void> {
    const version = this.#versions.get(stationId);
    const profiles = defaultProfiles(this.#site, stationId, this.#clock.now());
    if (version === undefined || profiles === undefined) return;
    const key = JSON.stringify(profiles.map((p) => [p.kind, p.evseId, p.perPhaseA, p.rateUnit]));
    if (this.#defaultsSent.get(stationId) === key) return;
    this.#defaultsSent.set(stationId, key);
    for (const p of profiles) await this.#dispatcher.setProfile(stationId, version, p);
  }
}

/**
 * Attaches dynamic load balancing for one site to a CSMS: follows its events and sends charging
 * profiles through it. Throws at once on a bad site configuration, naming the field.
 */
export function attachLoadBalancer(csms: DlbHost, options: LoadBalancerOptions): LoadBalancer {
  return new LoadBalancer(csms, options);
}
