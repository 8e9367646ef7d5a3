import { energyWh, powerFromCurrentW, type PhaseCount } from '../../common/units.js';
import { checkEvSpec, curveFraction, type EvSpec } from './ev-spec.js';

/** The car type an EV model is built from (see ev-spec.ts). */
export type { EvSpec } from './ev-spec.js';

/** Default delay between a new offered limit and the EV following it. */
export const DEFAULT_REACTION_DELAY_MS = 2000;

/**
 * A plugged-in electric vehicle: battery, charge curve, on-board charger limits, and its reaction
 * to the current the station offers. Deterministic; time only advances through {@link advanceTo}.
 */
export interface EvModel {
  readonly spec: EvSpec;
  /** State of charge now, %. */
  readonly socPercent: number;
  /** The EV stops charging at this state of charge, %. */
  readonly targetSocPercent: number;
  readonly arrivalMs: number;
  readonly departureMs: number;
  /** True once the target state of charge is reached (the EV suspends: SuspendedEV). */
  readonly full: boolean;
  /** Phases of the on-board charger. */
  readonly phases: 1 | 3;
  /** AC energy drawn since arrival, Wh. */
  readonly drawnWh: number;
  /** True when this EV draws what it wants whatever the station offers (a fault option). */
  readonly ignoresLimit: boolean;
  /** Maximum current per phase it accepts now (full current up to the knee, tapering above). */
  acceptanceA(): number;
  /**
   * Sets the offered limit (per phase, A) and optionally the phases offered (station phases and
   * the profile's numberPhases; default 3). The EV follows after its reaction delay.
   */
  offer(limitPerPhaseA: number, nowMs: number, numberPhases?: PhaseCount): void;
  /** Advances to `nowMs`, integrating energy; returns the Wh drawn since the previous call. */
  advanceTo(nowMs: number, voltageV: number): number;
  /** Actual current per phase now, A. */
  currentA(): number;
  /** Phases actually drawing now (0 when not charging). */
  activePhases(): 0 | PhaseCount;
  /** Power drawn now, W (at `voltageV` per phase). */
  powerW(voltageV: number): number;
}

/** Options of {@link createEv}. */
export interface CreateEvOptions {
  arrivalMs: number;
  departureMs: number;
  arrivalSocPercent: number;
  targetSocPercent: number;
  /** Delay before the EV follows a new offer, ms (default 2000). */
  reactionDelayMs?: number;
  /** Fault: the EV draws its acceptance whenever any current is offered. */
  ignoresLimit?: boolean;
}

interface Offer {
  atMs: number;
  limitA: number;
  phases: PhaseCount;
}

class Ev implements EvModel {
  readonly spec: EvSpec;
  readonly targetSocPercent: number;
  readonly arrivalMs: number;
  readonly departureMs: number;
  readonly ignoresLimit: boolean;
  readonly #reactionDelayMs: number;
  readonly #efficiency: number;
  #soc: number;
  #drawnWh = 0;
  #lastMs: number;
  #offer: Offer = { atMs: Number.NEGATIVE_INFINITY, limitA: 0, phases: 3 };
  readonly #pending: Offer[] = [];

  constructor(spec: EvSpec, opts: CreateEvOptions) {
    this.spec = checkEvSpec(spec);
    const pct = (name: string, v: number): number => {
      if (!(v >= 0 && v <= 100)) throw new Error(`${name} must be between 0 and 100, got ${v}`);
      return v;
    };
    this.#soc = pct('arrivalSocPercent', opts.arrivalSocPercent);
    this.targetSocPercent = pct('targetSocPercent', opts.targetSocPercent);
    if (!(opts.departureMs > opts.arrivalMs)) {
      throw new Error(`departureMs (${opts.departureMs}) must be later than arrivalMs (${opts.arrivalMs})`);
    }
    this.arrivalMs = opts.arrivalMs;
    this.departureMs = opts.departureMs;
    this.#lastMs = opts.arrivalMs;
    this.#reactionDelayMs = opts.reactionDelayMs ?? DEFAULT_REACTION_DELAY_MS;
    if (!(this.#reactionDelayMs >= 0))
      throw new Error(`reactionDelayMs must be >= 0, got ${this.#reactionDelayMs}`);
    this.ignoresLimit = opts.ignoresLimit ?? false;
    this.#efficiency = spec.efficiency ?? 0.9;
  }

  get socPercent(): number {
    return this.#soc;
  }

  get full(): boolean {
    return this.#soc >= this.targetSocPercent;
  }

  get phases(): 1 | 3 {
    return this.spec.phases;
  }

  get drawnWh(): number {
    return this.#drawnWh;
  }

  acceptanceA(): number {
    if (this.full) return 0;
    return this.spec.maxAcCurrentA * curveFraction(this.spec.chargeCurve, this.#soc);
  }

  offer(limitPerPhaseA: number, nowMs: number, numberPhases: PhaseCount = 3): void {
    if (!(limitPerPhaseA >= 0)) throw new Error(`offered limit must be >= 0 A, got ${limitPerPhaseA}`);
    const atMs = nowMs + this.#reactionDelayMs;
    // A newer offer supersedes pending ones that would take effect at or after it.
    while (this.#pending.length > 0 && this.#pending[this.#pending.length - 1]!.atMs >= atMs)
      this.#pending.pop();
    this.#pending.push({ atMs, limitA: limitPerPhaseA, phases: numberPhases });
    if (this.#reactionDelayMs === 0) this.#applyDue(nowMs);
  }

  #applyDue(nowMs: number): void {
    while (this.#pending.length > 0 && this.#pending[0]!.atMs <= nowMs) this.#offer = this.#pending.shift()!;
  }

  currentA(): number {
    const acceptance = this.acceptanceA();
    const { limitA } = this.#offer;
    if (acceptance === 0 || limitA <= 0) return 0;
    if (this.ignoresLimit) return acceptance;
    if (limitA < this.spec.minCurrentA) return 0;
    return Math.min(limitA, acceptance);
  }

  activePhases(): 0 | PhaseCount {
    if (this.currentA() === 0) return 0;
    return Math.min(this.spec.phases, this.#offer.phases) as PhaseCount;
  }

  powerW(voltageV: number): number {
    const phases = this.activePhases();
    return phases === 0 ? 0 : powerFromCurrentW(this.currentA(), phases, voltageV);
  }

  advanceTo(nowMs: number, voltageV: number): number {
    if (nowMs <= this.#lastMs) {
      this.#applyDue(nowMs);
      return 0;
    }
    let drawn = 0;
    while (this.#lastMs < nowMs) {
      this.#applyDue(this.#lastMs);
      const nextOffer = this.#pending[0]?.atMs ?? Number.POSITIVE_INFINITY;
      // Sub-steps of at most 30 s keep the taper integral accurate.
      const stepEnd = Math.min(nowMs, nextOffer, this.#lastMs + 30_000);
      drawn += this.#integrate(stepEnd - this.#lastMs, voltageV);
      this.#lastMs = stepEnd;
    }
    this.#applyDue(nowMs);
    return drawn;
  }

  /** Draws at the current rate for `durationMs`, stopping exactly at the target SoC. */
  #integrate(durationMs: number, voltageV: number): number {
    const power = this.powerW(voltageV);
    if (power === 0) return 0;
    let wh = energyWh(power, durationMs);
    const toTargetWh = (((this.targetSocPercent - this.#soc) / 100) * this.spec.batteryWh) / this.#efficiency;
    if (wh >= toTargetWh) {
      wh = Math.max(0, toTargetWh);
      this.#soc = this.targetSocPercent;
    } else {
      this.#soc += ((wh * this.#efficiency) / this.spec.batteryWh) * 100;
    }
    this.#drawnWh += wh;
    return wh;
  }
}

/**
 * Creates an EV that arrives at `arrivalMs` with `arrivalSocPercent` and wants `targetSocPercent`.
 * @throws Error naming the bad field (SoC outside 0..100, departure before arrival, bad spec).
 */
export function createEv(spec: EvSpec, opts: CreateEvOptions): EvModel {
  return new Ev(spec, opts);
}
