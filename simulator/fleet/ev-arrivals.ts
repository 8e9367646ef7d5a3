import type { Clock } from '../../common/clock.js';
import type { Rng } from '../../common/rng.js';
import { drawEv } from '../ev/draw-ev.js';
import type { DrawEvOptions } from '../ev/draw-ev.js';
import { EV_CATALOG, findEvSpec } from '../ev/ev-catalog.js';
import type { WeightedEvSpec } from '../ev/ev-catalog.js';
import { createEv } from '../ev/ev-model.js';
import type { EvModel } from '../ev/ev-model.js';
import type { SiteEvConfig } from '../site/site-config.js';
import { SiteTime } from '../site/site-time.js';
import type { Station } from '../station/station-core.js';
import { TimerSet } from '../station/timer-set.js';

/**
 * How EVs come to a fleet's stations: `daily` draws one EV per EVSE per local day from the site's
 * distributions (home charging: evening arrival, morning departure); `continuous` keeps EVSEs
 * busy with short sessions separated by short gaps (a public car park, or a quick CSMS test);
 * `none` leaves it to the caller.
 */
export type ArrivalPattern = 'daily' | 'continuous' | 'none';

/** Options of {@link EvArrivals}. */
export interface EvArrivalOptions {
  readonly pattern: ArrivalPattern;
  /** IANA zone of the local days (default UTC). */
  readonly timeZone?: string;
  readonly evs?: SiteEvConfig;
  /** The idTag presented for the n-th session of a station. */
  readonly idTag: (n: number) => string;
  /** Told about failures of the user's actions (an idTag refused is not one). */
  readonly onProblem?: (message: string) => void;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

function catalogOf(evs: SiteEvConfig | undefined): readonly WeightedEvSpec[] {
  if (evs?.cars === undefined || evs.cars.length === 0) return EV_CATALOG;
  return evs.cars.map((name) => {
    const spec = findEvSpec(name);
    if (spec === undefined) throw new Error(`evs.cars: no car "${name}" in the catalogue`);
    return { spec, weight: 1 };
  });
}

/**
 * Brings seeded EVs to one station's EVSEs: plugs each in at its arrival, presents an idTag, and
 * lets the station unplug it at its departure. Same seed, same EVs at the same times.
 */
export class EvArrivals {
  readonly #timers: TimerSet;
  readonly #time: SiteTime;
  readonly #catalog: readonly WeightedEvSpec[];
  #session = 0;
  #offState: (() => void) | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly rng: Rng,
    private readonly station: Station,
    private readonly options: EvArrivalOptions,
  ) {
    this.#timers = new TimerSet(clock);
    this.#time = new SiteTime(options.timeZone ?? 'UTC');
    this.#catalog = catalogOf(options.evs);
  }

  /** Schedules the first arrivals once the station is first accepted by the CSMS. */
  start(): void {
    if (this.station.state === 'accepted') {
      this.#begin();
      return;
    }
    const off = this.station.events.on('state', (e) => {
      if (e.state !== 'accepted') return;
      off();
      this.#begin();
    });
    this.#offState = off;
  }

  #begin(): void {
    const now = this.clock.now();
    for (const evse of this.station.evses) {
      if (this.options.pattern === 'daily') {
        const today = this.#time.localMidnightMs(now);
        this.#scheduleDay(evse.id, today - DAY_MS);
        this.#scheduleDay(evse.id, today);
      } else if (this.options.pattern === 'continuous') {
        this.#scheduleContinuous(
          evse.id,
          now + Math.round(this.rng.fork(`first/${evse.id}`).uniform(0, 15) * 60_000),
        );
      }
    }
  }

  /** Cancels what is still to come. */
  stop(): void {
    this.#offState?.();
    this.#offState = undefined;
    this.#timers.clearAll();
  }

  #scheduleDay(evseId: number, dayStartMs: number): void {
    const day = this.#time.localDay(dayStartMs + HOUR_MS);
    const e = this.options.evs;
    const opts: DrawEvOptions = {
      dayStartMs,
      catalog: this.#catalog,
      ...(e?.arrivalHour === undefined ? {} : { arrivalHour: e.arrivalHour }),
      ...(e?.stayHours === undefined ? {} : { stayHours: e.stayHours }),
      ...(e?.arrivalSocPercent === undefined ? {} : { arrivalSocPercent: e.arrivalSocPercent }),
      ...(e?.reactionDelayMs === undefined ? {} : { reactionDelayMs: e.reactionDelayMs }),
    };
    const ev = drawEv(this.rng.fork(`ev/${evseId}/${day}`), opts);
    this.#plugAt(evseId, ev);
    const nextDay = this.#time.localMidnightMs(dayStartMs + DAY_MS + HOUR_MS);
    if (nextDay > this.clock.now()) {
      this.#timers.set(
        `day-${evseId}-${day}`,
        () => this.#scheduleDay(evseId, nextDay),
        nextDay - this.clock.now(),
      );
    }
  }

  #scheduleContinuous(evseId: number, arrivalMs: number): void {
    const r = this.rng.fork(`ev/${evseId}/${arrivalMs}`);
    const spec = r.weighted(this.#catalog.map((c) => ({ item: c.spec, weight: c.weight })));
    const stayMs = Math.round(r.uniform(1, 4) * 60) * 60_000;
    const arrivalSocPercent = Math.round(r.uniform(15, 60));
    const ev = createEv(spec, {
      arrivalMs,
      departureMs: arrivalMs + stayMs,
      arrivalSocPercent,
      targetSocPercent: Math.max(arrivalSocPercent, r.pick([80, 90, 100])),
      ...(this.options.evs?.reactionDelayMs === undefined
        ? {}
        : { reactionDelayMs: this.options.evs.reactionDelayMs }),
    });
    this.#plugAt(evseId, ev);
    const gapMs = Math.round(r.uniform(15, 90)) * 60_000;
    const next = arrivalMs + stayMs + gapMs;
    this.#timers.set(`next-${evseId}`, () => this.#scheduleContinuous(evseId, next), next - this.clock.now());
  }

  #plugAt(evseId: number, ev: EvModel): void {
    const now = this.clock.now();
    if (ev.departureMs <= now) return;
    const plug = (): void => {
      const evse = this.station.evse(evseId);
      if (evse.ev !== undefined || this.station.state === 'stopped') return;
      this.station.plugIn(evseId, ev);
      const tag = this.options.idTag(++this.#session);
      this.station.presentIdTag(evseId, tag).catch((error: unknown) => {
        this.options.onProblem?.(
          `idTag ${tag} at EVSE ${evseId}: ${error instanceof Error ? error.message : String(error)}`,
        );
      });
    };
    if (ev.arrivalMs <= now) plug();
    else this.#timers.set(`arrive-${evseId}-${ev.arrivalMs}`, plug, ev.arrivalMs - now);
  }
}
