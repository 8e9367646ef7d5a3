import type { Rng } from '../../common/rng.js';
import { drawEv, type DrawEvOptions } from '../ev/draw-ev.js';
import { EV_CATALOG, type WeightedEvSpec } from '../ev/ev-catalog.js';
import type { EvModel } from '../ev/ev-model.js';
import type { SiteConfig } from './site-config.js';

/**
 * The EV draw options a site file asks for (`evs`), for the day starting at `dayStartMs` (local
 * midnight, see SiteTime.localMidnightMs). Car names restrict the catalogue, keeping its weights.
 * @throws Error when a car name is not in the catalogue (loadSite reports this earlier).
 */
export function siteEvDrawOptions(site: SiteConfig, dayStartMs: number): DrawEvOptions {
  const evs = site.evs ?? {};
  const opts: DrawEvOptions = { dayStartMs };
  if (evs.cars !== undefined) {
    const wanted = new Set(evs.cars.map((n) => n.toLowerCase()));
    const catalog: WeightedEvSpec[] = EV_CATALOG.filter((e) => wanted.has(e.spec.name.toLowerCase()));
    if (catalog.length !== wanted.size)
      throw new Error(`site ${site.id}: evs.cars names an unknown car type`);
    opts.catalog = catalog;
  }
  if (evs.arrivalHour !== undefined) opts.arrivalHour = evs.arrivalHour;
  if (evs.stayHours !== undefined) opts.stayHours = evs.stayHours;
  if (evs.arrivalSocPercent !== undefined) opts.arrivalSocPercent = evs.arrivalSocPercent;
  if (evs.reactionDelayMs !== undefined) opts.reactionDelayMs = evs.reactionDelayMs;
  return opts;
}

/**
 * Draws the EV that arrives at a site's charger on the day starting at `dayStartMs`, from the
 * site's EV settings. Use one stream per charger and day, e.g. `rng.fork('ev/CP1/day/20514')`.
 */
export function drawSiteEv(
  rng: Rng,
  site: SiteConfig,
  dayStartMs: number,
  extra: Partial<DrawEvOptions> = {},
): EvModel {
  return drawEv(rng, { ...siteEvDrawOptions(site, dayStartMs), ...extra });
}
