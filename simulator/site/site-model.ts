import type { Clock } from '../../common/clock.js';
import type { Rng } from '../../common/rng.js';
import type { SiteMeter, SiteMeterReading } from '../../common/site-meter.js';
import {
  currentFromPowerA,
  PHASES,
  phasesLoaded,
  type PerPhase,
  type Phase,
  type PhaseCount,
} from '../../common/units.js';
import { HomeLoadProfile } from './home-load-profile.js';
import { PvProfile } from './pv-profile.js';
import type { SiteConfig } from './site-config.js';
import { SiteTime } from './site-time.js';

interface AttachedCharger {
  phases: PhaseCount;
  /** Supply phases loaded when 1, 2 or 3 of the charger's phases carry current (index = count - 1). */
  loaded: readonly (readonly Phase[])[];
  currentA: () => number;
  activePhases: (() => 0 | PhaseCount) | undefined;
}

function zero(): PerPhase {
  return { L1: 0, L2: 0, L3: 0 };
}

/**
 * A site's electrical model and its meter: PV and home load from seeded profiles, plus what the
 * attached chargers draw, per phase. grid = home + chargers - pv (export negative). Single-phase
 * loads sit on their configured phase, so phase imbalance is real.
 */
export class SiteModel implements SiteMeter {
  readonly siteId: string;
  readonly time: SiteTime;
  readonly pv: PvProfile;
  readonly home: HomeLoadProfile;
  readonly #chargers = new Map<string, AttachedCharger>();
  /** Home and PV at the last instant read (pure functions of time; several readers share an instant). */
  #profilesAt: { tMs: number; home: PerPhase; pv: PerPhase } | undefined;

  /**
   * @param rng the site's stream (e.g. `runRng.fork('site/<id>')`); PV and home fork from it.
   * @param clock needed by {@link read}; {@link readAt} works without one.
   */
  constructor(
    readonly config: SiteConfig,
    rng: Rng,
    readonly clock?: Pick<Clock, 'now'>,
  ) {
    this.siteId = config.id;
    this.time = new SiteTime(config.timeZone);
    this.pv = new PvProfile(config.pv, this.time, rng.fork('pv'));
    this.home = new HomeLoadProfile(config.home, this.time, rng.fork('home'));
  }

  /**
   * Connects a charger's draw to the site. `currentA` reports the current per phase it draws now;
   * `activePhases` how many of its phases carry it (a single-phase EV on a three-phase charger
   * uses one), default all of them. Returns a function that detaches it.
   * @throws Error when a charger with that id is already attached, or it needs more phases than the site has.
   */
  attachCharger(
    id: string,
    phases: PhaseCount,
    phase: Phase | undefined,
    currentA: () => number,
    activePhases?: () => 0 | PhaseCount,
  ): () => void {
    if (this.#chargers.has(id)) throw new Error(`charger ${id} is already attached to site ${this.siteId}`);
    if (phases > this.config.phases) {
      throw new Error(`charger ${id} has ${phases} phases but site ${this.siteId} has ${this.config.phases}`);
    }
    const loaded = ([1, 2, 3] as const).map((n) =>
      phasesLoaded(Math.min(n, phases) as PhaseCount, phase ?? 'L1'),
    );
    const attached: AttachedCharger = { phases, loaded, currentA, activePhases };
    this.#chargers.set(id, attached);
    return () => {
      if (this.#chargers.get(id) === attached) this.#chargers.delete(id);
    };
  }

  /** What the attached chargers draw now, per phase (A). */
  chargersPerPhaseA(): PerPhase {
    const sum = zero();
    for (const c of this.#chargers.values()) {
      const a = c.currentA();
      if (!(a > 0)) continue;
      const active = c.activePhases ? c.activePhases() : c.phases;
      if (active === 0) continue;
      for (const p of c.loaded[active - 1]!) sum[p] += a;
    }
    return sum;
  }

  /** PV output per phase at `tMs`, A. */
  pvPerPhaseA(tMs: number): PerPhase {
    const out = zero();
    const powerW = this.pv.powerAtW(tMs);
    if (powerW === 0) return out;
    const { voltageV, phases } = this.config;
    if (phases === 1 || this.config.pv.phase !== undefined) {
      out[phases === 1 ? 'L1' : this.config.pv.phase!] = currentFromPowerA(powerW, 1, voltageV);
    } else {
      const a = currentFromPowerA(powerW, 3, voltageV);
      for (const p of PHASES) out[p] = a;
    }
    return out;
  }

  /** Home load per phase at `tMs`, A. */
  homePerPhaseA(tMs: number): PerPhase {
    const powerW = this.home.powerAtW(tMs);
    const { voltageV } = this.config;
    if (this.config.phases === 1) return { L1: currentFromPowerA(powerW, 1, voltageV), L2: 0, L3: 0 };
    const w = this.home.phaseWeightsAt(tMs);
    const a = currentFromPowerA(powerW, 3, voltageV);
    return { L1: a * w.L1, L2: a * w.L2, L3: a * w.L3 };
  }

  /** The meter reading at `tMs` with the chargers' present draw. */
  readAt(tMs: number): SiteMeterReading {
    let profiles = this.#profilesAt;
    if (profiles === undefined || profiles.tMs !== tMs) {
      profiles = { tMs, home: this.homePerPhaseA(tMs), pv: this.pvPerPhaseA(tMs) };
      this.#profilesAt = profiles;
    }
    const homePerPhaseA = { ...profiles.home };
    const pvPerPhaseA = { ...profiles.pv };
    const chargersPerPhaseA = this.chargersPerPhaseA();
    const gridPerPhaseA = zero();
    for (const p of PHASES) gridPerPhaseA[p] = homePerPhaseA[p] + chargersPerPhaseA[p] - pvPerPhaseA[p];
    return {
      timeMs: tMs,
      voltageV: this.config.voltageV,
      gridPerPhaseA,
      homePerPhaseA,
      pvPerPhaseA,
      chargersPerPhaseA,
    };
  }

  /**
   * The meter reading now (from the clock given at construction).
   * @throws Error when the model was built without a clock.
   */
  read(): SiteMeterReading {
    if (this.clock === undefined) {
      throw new Error(
        `site ${this.siteId} has no clock: pass one to new SiteModel(config, rng, clock) or call readAt(tMs)`,
      );
    }
    return this.readAt(this.clock.now());
  }

  /** Main fuse rating minus the grid import per phase (negative = overloaded), A. */
  fuseHeadroomA(reading: SiteMeterReading): PerPhase {
    const out = zero();
    for (const p of PHASES) out[p] = this.config.mainFuseA - reading.gridPerPhaseA[p];
    return out;
  }
}
