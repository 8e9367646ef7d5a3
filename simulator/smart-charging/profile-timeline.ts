import type { NeutralChargingProfile, SchedulePeriod } from './charging-profile.js';

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;

/** Length of one recurrence of a Recurring profile, in ms. */
export function recurrenceMs(profile: NeutralChargingProfile): number {
  return profile.recurrency === 'Weekly' ? WEEK_MS : DAY_MS;
}

/**
 * Where a profile's schedule starts, for the occurrence that contains `atMs`:
 * - Absolute: `schedule.startMs` (the store fills it with the install time when the profile gave none);
 * - Recurring: the last recurrence start (every 24 h or 7 d of elapsed time from `schedule.startMs`)
 *   at or before `atMs`; before the first one, `schedule.startMs` itself (the profile has not begun);
 * - Relative: `relativeStartMs` (the transaction start), or undefined when there is none.
 */
export function scheduleStartMs(
  profile: NeutralChargingProfile,
  atMs: number,
  relativeStartMs: number | undefined,
): number | undefined {
  const { schedule } = profile;
  switch (profile.kind) {
    case 'Absolute':
      return schedule.startMs;
    case 'Relative':
      return relativeStartMs;
    case 'Recurring': {
      if (schedule.startMs === undefined || atMs < schedule.startMs) return schedule.startMs;
      const every = recurrenceMs(profile);
      return schedule.startMs + Math.floor((atMs - schedule.startMs) / every) * every;
    }
  }
}

/** True when `atMs` lies within the profile's validFrom/validTo window. */
export function isValidAt(profile: NeutralChargingProfile, atMs: number): boolean {
  if (profile.validFromMs !== undefined && atMs < profile.validFromMs) return false;
  if (profile.validToMs !== undefined && atMs >= profile.validToMs) return false;
  return true;
}

/** The schedule's duration in ms, cut at the next recurrence for a Recurring profile; undefined = open-ended. */
function effectiveDurationMs(profile: NeutralChargingProfile): number | undefined {
  const durationMs = profile.schedule.durationS === undefined ? undefined : profile.schedule.durationS * 1000;
  if (profile.kind !== 'Recurring') return durationMs;
  return Math.min(durationMs ?? Number.POSITIVE_INFINITY, recurrenceMs(profile));
}

/**
 * The period of `profile` in force at `atMs`, or undefined when the profile says nothing about that
 * moment (not valid, schedule not started, duration over, or a Relative profile without a start).
 */
export function periodAt(
  profile: NeutralChargingProfile,
  atMs: number,
  relativeStartMs: number | undefined,
): SchedulePeriod | undefined {
  if (!isValidAt(profile, atMs)) return undefined;
  const startMs = scheduleStartMs(profile, atMs, relativeStartMs);
  if (startMs === undefined || atMs < startMs) return undefined;
  const durationMs = effectiveDurationMs(profile);
  if (durationMs !== undefined && atMs >= startMs + durationMs) return undefined;
  const offsetS = (atMs - startMs) / 1000;
  let found: SchedulePeriod | undefined;
  for (const period of profile.schedule.periods) {
    if (period.startPeriodS <= offsetS) found = period;
    else break;
  }
  return found;
}

/**
 * Every moment in [fromMs, toMs) at which what `profile` says may change: validity edges, schedule
 * (or recurrence) starts, period starts and schedule ends. Unsorted, may contain duplicates.
 */
export function changePoints(
  profile: NeutralChargingProfile,
  fromMs: number,
  toMs: number,
  relativeStartMs: number | undefined,
): number[] {
  const points: number[] = [];
  const add = (t: number): void => {
    if (t >= fromMs && t < toMs) points.push(t);
  };
  if (profile.validFromMs !== undefined) add(profile.validFromMs);
  if (profile.validToMs !== undefined) add(profile.validToMs);
  const durationMs = effectiveDurationMs(profile);
  const addOccurrence = (startMs: number): void => {
    add(startMs);
    for (const period of profile.schedule.periods) add(startMs + period.startPeriodS * 1000);
    if (durationMs !== undefined) add(startMs + durationMs);
  };
  if (profile.kind === 'Recurring') {
    const first = scheduleStartMs(profile, fromMs, relativeStartMs);
    if (first === undefined) return points;
    const every = recurrenceMs(profile);
    for (let s = first; s < toMs; s += every) addOccurrence(s);
  } else {
    const startMs = scheduleStartMs(profile, fromMs, relativeStartMs);
    if (startMs !== undefined) addOccurrence(startMs);
  }
  return points;
}
