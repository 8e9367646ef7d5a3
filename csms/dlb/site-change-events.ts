import type { TypedEvents } from '../../common/typed-events.js';
import type { DlbEvents } from './dlb-events.js';
import { siteConfigJson } from './site-config.js';
import type { SiteConfig } from './site-config.js';
import { activeHomeMode } from './strategies/home-modes.js';
import type { ActiveHomeMode } from './strategies/home-modes.js';

/**
 * Broadcasts a site change on its event stream: always `dlb.site.updated`, `dlb.limit.changed` when
 * the main breaker's limits changed, `dlb.mode.changed` when a mode toggle changed. Returns the mode
 * in force when the toggles changed.
 */
export function emitSiteChanges(
  events: TypedEvents<DlbEvents>,
  before: SiteConfig,
  after: SiteConfig,
  timeMs: number,
): ActiveHomeMode | undefined {
  const siteId = after.siteId;
  events.emit('dlb.site.updated', { siteId, timeMs, site: siteConfigJson(after) });
  if (
    before.main.maxPerPhaseA !== after.main.maxPerPhaseA ||
    before.main.maxPowerKw !== after.main.maxPowerKw
  ) {
    events.emit('dlb.limit.changed', {
      siteId,
      timeMs,
      maxPerPhaseA: after.main.maxPerPhaseA,
      maxPowerKw: after.main.maxPowerKw,
    });
  }
  if (JSON.stringify(before.settings.modes) === JSON.stringify(after.settings.modes)) return undefined;
  const active = activeHomeMode({ settings: after.settings, timeMs, timeZone: after.timeZone });
  events.emit('dlb.mode.changed', { siteId, timeMs, modes: after.settings.modes, active });
  return active;
}
