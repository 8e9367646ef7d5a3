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
  const key = (s: SessionDemand, i: number): [number, number, number] => {
    if (s.chargingSinceMs !== undefined) {
      const charged = timeMs - s.chargingSinceMs;
      if (charged < rotationIntervalMs) return [rank(s, i), 0, s.chargingSinceMs];
      return [rank(s, i), 2, -s.chargingSinceMs];
    }
    return [rank(s, i), 1, s.pausedSinceMs ?? timeMs];
  };
  const keys = sessions.map(key);
  return sessions
    .map((_, i) => i)
    .sort((a, b) => {
      const ka = keys[a]!;
      const kb = keys[b]!;
      for (let k = 0; k < 3; k++) if (ka[k] !== kb[k]) return ka[k]! - kb[k]!;
      const ia = sessions[a]!.sessionId;
      const ib = sessions[b]!.sessionId;
      return ia < ib ? -1 : ia > ib ? 1 : 0;
    });
}
