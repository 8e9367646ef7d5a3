import type { Rng } from '../../common/rng.js';
import { EV_CATALOG, type WeightedEvSpec } from './ev-catalog.js';
import { createEv, type EvModel } from './ev-model.js';

const HOUR_MS = 3_600_000;

/** A range [min, max]. */
export interface Range {
  min: number;
  max: number;
}

/** Options of {@link drawEv}: the day, and the distributions (home-charging defaults). */
export interface DrawEvOptions {
  /** Local midnight (site time zone) of the day the EV arrives, epoch ms. */
  dayStartMs: number;
  /** Arrival hour after local midnight: normal around `meanHour` (default 18.5, sd 1.5), kept in `within`. */
  arrivalHour?: { meanHour: number; sdHours: number; within?: Range };
  /** How long it stays, hours (uniform; default 10..14). */
  stayHours?: Range;
  /** State of charge at arrival, % (uniform; default 15..60). */
  arrivalSocPercent?: Range;
  /** Target states of charge to choose from, % (default 80, 90 or 100, mostly 80 and 90). */
  targetSocPercent?: readonly { item: number; weight: number }[];
  /** Car types to draw from (default {@link EV_CATALOG}). */
  catalog?: readonly WeightedEvSpec[];
  reactionDelayMs?: number;
  ignoresLimit?: boolean;
}

const DEFAULT_TARGETS = [
  { item: 80, weight: 4 },
  { item: 90, weight: 4 },
  { item: 100, weight: 2 },
] as const;

/**
 * Draws an EV from a seeded distribution of real car types, arrival and departure times and states
 * of charge. Give each EV its own stream (`rng.fork('ev/CP001/1')`): the same stream always draws
 * the same EV.
 */
export function drawEv(rng: Rng, opts: DrawEvOptions): EvModel {
  const catalog = opts.catalog ?? EV_CATALOG;
  const spec = rng.weighted(catalog.map((e) => ({ item: e.spec, weight: e.weight })));
  const { meanHour, sdHours, within } = opts.arrivalHour ?? { meanHour: 18.5, sdHours: 1.5 };
  const bounds = within ?? {
    min: Math.max(0, meanHour - 3 * sdHours),
    max: Math.min(24, meanHour + 3 * sdHours),
  };
  const hour = Math.min(bounds.max, Math.max(bounds.min, rng.normal(meanHour, sdHours)));
  const stay = opts.stayHours ?? { min: 10, max: 14 };
  const arrivalMs = opts.dayStartMs + Math.round(hour * 60) * 60_000;
  const departureMs = arrivalMs + Math.round(rng.uniform(stay.min, stay.max) * 60) * 60_000;
  const soc = opts.arrivalSocPercent ?? { min: 15, max: 60 };
  const arrivalSocPercent = Math.round(rng.uniform(soc.min, soc.max));
  const targetSocPercent = Math.max(
    arrivalSocPercent,
    rng.weighted(opts.targetSocPercent ?? DEFAULT_TARGETS),
  );
  return createEv(spec, {
    arrivalMs,
    departureMs: Math.max(departureMs, arrivalMs + HOUR_MS / 60),
    arrivalSocPercent,
    targetSocPercent,
    ...(opts.reactionDelayMs !== undefined ? { reactionDelayMs: opts.reactionDelayMs } : {}),
    ...(opts.ignoresLimit !== undefined ? { ignoresLimit: opts.ignoresLimit } : {}),
  });
}
