import { DateTime, IANAZone } from 'luxon';

const DAY_MS = 86_400_000;
const BUCKET_MS = 15 * 60_000;

/**
 * Local time of a site: its IANA zone's offset looked up with luxon and cached per quarter hour
 * (offsets only change on quarter-hour boundaries), so daily patterns cost a map lookup per call.
 */
export class SiteTime {
  readonly #zone: IANAZone;
  readonly #offsets = new Map<number, number>();

  /** @throws Error when `timeZone` is not an IANA zone. */
  constructor(readonly timeZone: string) {
    if (!IANAZone.isValidZone(timeZone)) throw new Error(`timeZone "${timeZone}" is not an IANA time zone`);
    this.#zone = IANAZone.create(timeZone);
  }

  /** UTC offset at `tMs`, in ms. */
  offsetMs(tMs: number): number {
    const bucket = Math.floor(tMs / BUCKET_MS);
    let offset = this.#offsets.get(bucket);
    if (offset === undefined) {
      if (this.#offsets.size > 20_000) this.#offsets.clear();
      offset = this.#zone.offset(bucket * BUCKET_MS) * 60_000;
      this.#offsets.set(bucket, offset);
    }
    return offset;
  }

  /** Local day number (days since 1970-01-01 in the site's calendar). */
  localDay(tMs: number): number {
    return Math.floor((tMs + this.offsetMs(tMs)) / DAY_MS);
  }

  /** Local hour of day, fractional (0 <= h < 24). */
  localHour(tMs: number): number {
    const local = tMs + this.offsetMs(tMs);
    return (local - Math.floor(local / DAY_MS) * DAY_MS) / 3_600_000;
  }

  /** Epoch ms of the local midnight that starts the day containing `tMs`. */
  localMidnightMs(tMs: number): number {
    return DateTime.fromMillis(tMs, { zone: this.#zone }).startOf('day').toMillis();
  }
}
