import type { SessionDemand } from './strategy.js';

/**
 * Admission order for when not every session can get its minimum: sessions that started charging
 * less than `rotationIntervalMs` ago keep their slot; then waiting sessions, longest wait first;
 * then sessions that have charged for a full interval, the most recently started first. So who is
 * paused rotates and nobody waits for long. Ties break on session id (deterministic).
 *
 * @param rank admission rank applied before rotation (lower first), given each session and its index
 */
export function rotationOrder(
  sessions: readonly SessionDemand[],
  timeMs: number,
  rotationIntervalMs: number,
  rank: (s: SessionDemand, index: number) => number = () => 0,
): number[] {
  // The sort key of each session (rank, group, time), worked out once into flat arrays.
  const n = sessions.length;
  const ranks = new Float64Array(n);
  const groups = new Uint8Array(n);
  const times = new Float64Array(n);
  const order = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const s = sessions[i]!;
    ranks[i] = rank(s, i);
    order[i] = i;
    if (s.chargingSinceMs === undefined) {
      groups[i] = 1;
      times[i] = s.pausedSinceMs ?? timeMs;
    } else if (timeMs - s.chargingSinceMs < rotationIntervalMs) {
      times[i] = s.chargingSinceMs;
    } else {
      groups[i] = 2;
      times[i] = -s.chargingSinceMs;
    }
  }
  return order.sort((a, b) => {
    if (ranks[a] !== ranks[b]) return ranks[a]! - ranks[b]!;
    if (groups[a] !== groups[b]) return groups[a]! - groups[b]!;
    if (times[a] !== times[b]) return times[a]! - times[b]!;
    const ia = sessions[a]!.sessionId;
    const ib = sessions[b]!.sessionId;
    return ia < ib ? -1 : ia > ib ? 1 : 0;
  });
}
