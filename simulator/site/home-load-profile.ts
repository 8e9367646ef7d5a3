import type { Rng } from '../../common/rng.js';
import { PHASES, type PerPhase } from '../../common/units.js';
import { clamp, interpolate, type PowerProfile } from './power-profile.js';
import type { HomeConfig } from './site-config.js';
import type { SiteTime } from './site-time.js';

/**
 * Typical daily shape of a home's load, 0 (night base) .. 1 (evening peak), by local hour:
 * a morning peak (7-9), a midday plateau, and the evening peak (19-22).
 */
export const HOME_DAILY_SHAPE: readonly (readonly [number, number])[] = [
  [0, 0.12],
  [5, 0.08],
  [6, 0.3],
  [7, 0.6],
  [8, 0.7],
  [9.5, 0.45],
  [11, 0.3],
  [13, 0.42],
  [15.5, 0.35],
  [17.5, 0.55],
  [19, 0.85],
  [20.5, 1],
  [22, 0.7],
  [23, 0.3],
  [24, 0.12],
];

const SLOT_HOURS = 1 / 12;
const SLOTS = 24 / SLOT_HOURS;

interface HomeDay {
  /** Shift of the whole pattern, hours. */
  shiftHours: number;
  /** Daily scale of the pattern. */
  scale: number;
  /** Correlated noise in 5-minute knots (fraction of the range). */
  noise: Float64Array;
  /** Per-phase share (sums to 3). */
  weights: PerPhase;
}

/**
 * The home's load: the daily shape, seeded per local day (pattern shifted up to +-30 min, scaled,
 * with correlated 5-minute noise), kept within [minPowerW, maxPowerW]; split over the phases with
 * a seeded per-day imbalance.
 */
export class HomeLoadProfile implements PowerProfile {
  readonly #days = new Map<number, HomeDay>();

  constructor(
    readonly config: HomeConfig,
    readonly time: SiteTime,
    readonly rng: Rng,
  ) {}

  #day(day: number): HomeDay {
    let d = this.#days.get(day);
    if (d === undefined) {
      const r = this.rng.fork(`day/${day}`);
      const shiftHours = r.uniform(-0.5, 0.5);
      const scale = r.uniform(0.85, 1);
      const noise = new Float64Array(SLOTS + 1);
      let n = 0;
      for (let k = 0; k <= SLOTS; k++) {
        n = 0.8 * n + r.normal(0, 0.05);
        noise[k] = n;
      }
      const imbalance = this.config.imbalance ?? 0.15;
      const raw = PHASES.map(() => Math.max(0.2, 1 + r.normal(0, imbalance)));
      const sum = raw[0]! + raw[1]! + raw[2]!;
      d = {
        shiftHours,
        scale,
        noise,
        weights: { L1: (3 * raw[0]!) / sum, L2: (3 * raw[1]!) / sum, L3: (3 * raw[2]!) / sum },
      };
      if (this.#days.size > 400) this.#days.clear();
      this.#days.set(day, d);
    }
    return d;
  }

  powerAtW(tMs: number): number {
    const d = this.#day(this.time.localDay(tMs));
    const hour = this.time.localHour(tMs);
    const shape = interpolate(HOME_DAILY_SHAPE, (((hour - d.shiftHours) % 24) + 24) % 24);
    const slot = hour / SLOT_HOURS;
    const k = Math.floor(slot);
    const f = slot - k;
    const noise = d.noise[k]! * (1 - f) + d.noise[Math.min(k + 1, SLOTS)]! * f;
    const { minPowerW, maxPowerW } = this.config;
    return minPowerW + (maxPowerW - minPowerW) * clamp(shape * d.scale + noise, 0, 1);
  }

  /** Share of the load on each phase at `tMs` (sums to 3; multiply by power / 3). */
  phaseWeightsAt(tMs: number): PerPhase {
    return this.#day(this.time.localDay(tMs)).weights;
  }
}
