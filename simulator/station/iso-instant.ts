let lastMs = Number.NaN;
let lastIso = '';

/**
 * `new Date(ms).toISOString()`, formatted once per instant: a fleet on a virtual clock stamps
 * every station's frames of one sampling instant with the same time, so the last string is kept
 * and handed out again while the instant is the same. Pure: the cache never changes an answer.
 */
export function isoInstant(ms: number): string {
  if (ms !== lastMs) {
    lastIso = new Date(ms).toISOString();
    lastMs = ms;
  }
  return lastIso;
}
