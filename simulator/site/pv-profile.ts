import type { Rng } from '../../common/rng.js';
import { clamp, type PowerProfile } from './power-profile.js';
import type { PvConfig } from './site-config.js';
import type { SiteTime } from './site-time.js';

const SLOT_HOURS = 1 / 6;
const SLOTS = 24 / SLOT_HOURS;
/** DC/AC ratio of the array: the clear-sky curve is clipped at the inverter's rating. */
const DC_AC_RATIO = 1.25;
/** Share of the clear-sky output a full cloud cover takes away. */
const CLOUD_DEPTH = 0.75;

/**
 * Clear-sky output as a fraction of the inverter rating at local hour `hour`: a sine bell from
 * sunrise to sunset, clipped at the inverter rating, so output plateaus from about 10:00 to 14:00.
 */
export function clearSkyFraction(hour: number, sunriseHour = 6, sunsetHour = 18.5): number {
  if (hour <= sunriseHour || hour >= sunsetHour) return 0;
  const x = (hour - sunriseHour) / (sunsetHour - sunriseHour);
  return Math.min(1, DC_AC_RATIO * Math.sin(Math.PI * x));
}

/**
 * PV output of a site: the clear-sky bell times seeded clouds. Each local day draws its own cloud
 * cover from `rng.fork('day/<n>')` (a day mean around the climate's cloudiness, then a correlated
 * walk in 10-minute knots, interpolated), so any moment can be evaluated in any order.
 */
export class PvProfile implements PowerProfile {
  readonly #days = new Map<number, Float64Array>();

  constructor(
    readonly config: PvConfig,
    readonly time: SiteTime,
    readonly rng: Rng,
  ) {}

  #cover(day: number): Float64Array {
    let cover = this.#days.get(day);
    if (cover === undefined) {
      const r = this.rng.fork(`day/${day}`);
      const cloudiness = this.config.cloudiness ?? 0.3;
      const mean = clamp(cloudiness + (r.next() - 0.5) * 1.2 * cloudiness, 0, 1);
      cover = new Float64Array(SLOTS + 1);
      let deviation = 0;
      for (let k = 0; k <= SLOTS; k++) {
        deviation = 0.85 * deviation + r.normal(0, 0.18 * Math.sqrt(mean));
        cover[k] = clamp(mean + deviation, 0, 1);
      }
      if (this.#days.size > 400) this.#days.clear();
      this.#days.set(day, cover);
    }
    return cover;
  }

  /** Cloud cover (0 clear .. 1 overcast) at `tMs`. */
  cloudCoverAt(tMs: number): number {
    const cover = this.#cover(this.time.localDay(tMs));
    const slot = this.time.localHour(tMs) / SLOT_HOURS;
    const k = Math.floor(slot);
    const f = slot - k;
    return cover[k]! * (1 - f) + cover[Math.min(k + 1, SLOTS)]! * f;
  }

  powerAtW(tMs: number): number {
    if (this.config.peakPowerW === 0) return 0;
    const sky = clearSkyFraction(this.time.localHour(tMs), this.config.sunriseHour, this.config.sunsetHour);
    if (sky === 0) return 0;
    return this.config.peakPowerW * sky * (1 - CLOUD_DEPTH * this.cloudCoverAt(tMs));
  }
}
