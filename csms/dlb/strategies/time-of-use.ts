import { DateTime } from 'luxon';
import { minutesOfDay } from '../dlb-settings.js';
import type { DailyWindow, TimeOfUseWindow } from '../dlb-settings.js';
import { fairShare } from '../fair-share.js';
import type { Strategy } from '../strategy.js';

/** Whether `timeMs` falls in the daily window, evaluated in `timeZone` (wraps past midnight). */
export function inDailyWindow(
  window: DailyWindow,
  timeMs: number,
  timeZone: string,
  days?: readonly number[],
): boolean {
  const local = DateTime.fromMillis(timeMs, { zone: timeZone });
  if (!local.isValid)
    throw new Error(`unknown time zone "${timeZone}": use an IANA name such as Asia/Kolkata`);
  const from = minutesOfDay(window.from, 'from');
  const to = minutesOfDay(window.to, 'to');
  const m = local.hour * 60 + local.minute;
  const inside = from < to ? m >= from && m < to : m >= from || m < to;
  if (!inside || days === undefined) return inside;
  // A window wrapping midnight belongs to the day it started on.
  const startedYesterday = from > to && m < to;
  const weekday = startedYesterday ? ((local.weekday + 5) % 7) + 1 : local.weekday;
  return days.includes(weekday);
}

/** The budget factor in force at `timeMs`: the lowest factor of the windows that apply, else 1. */
export function timeOfUseFactor(
  windows: readonly TimeOfUseWindow[],
  timeMs: number,
  timeZone: string,
): {
  factor: number;
  window?: TimeOfUseWindow;
} {
  let best: { factor: number; window?: TimeOfUseWindow } = { factor: 1 };
  for (const w of windows) {
    if (w.factor < best.factor && inDailyWindow(w, timeMs, timeZone, w.days))
      best = { factor: w.factor, window: w };
  }
  return best;
}

/**
 * Time of use: equal share, with what the main breaker leaves for chargers multiplied by the
 * factor of the tariff window in force (site time), e.g. 0.5 during the evening peak.
 */
export const timeOfUse: Strategy = (input) => {
  const { factor, window } = timeOfUseFactor(input.settings.timeOfUse, input.timeMs, input.timeZone);
  return fairShare(input, input.sessions, {
    reasonPrefix:
      window === undefined
        ? 'time of use (off-peak)'
        : `time of use (${window.from}-${window.to}, x${factor})`,
    budgetFactor: factor,
  });
};
