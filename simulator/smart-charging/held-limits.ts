import type { EffectiveLimit } from './composite-schedule.js';

/** How far ahead a station looks for the next change of its limit by default: 8 days. */
export const CHANGE_HORIZON_MS = 8 * 86_400_000;

/** A limit worked out at `fromMs` for a transaction, unchanged until `untilMs`. */
export interface HeldLimit {
  readonly txStartMs: number;
  readonly fromMs: number;
  /** The next change point after `fromMs`, or `fromMs` + the horizon when none lies within it. */
  readonly untilMs: number;
  /** The next change point after `fromMs`, when one lies within the horizon (it is `untilMs`). */
  readonly nextMs: number | undefined;
  /** The first change point at or after `untilMs` within a horizon from `untilMs - 1`. */
  readonly laterMs: number | undefined;
  readonly limit: Readonly<EffectiveLimit> | undefined;
}

/**
 * Per EVSE, the last limit worked out for a transaction and the span it holds over (no change
 * point of any profile falls inside it): a station reads its limit and its next change at every
 * sample. The profile store forgets them at every change of its profiles.
 */
export class HeldLimits {
  readonly #byEvse = new Map<number, HeldLimit>();

  /** Forgets every held limit (the profiles changed). */
  clear(): void {
    this.#byEvse.clear();
  }

  /** Keeps a limit worked out for `evseId`. */
  hold(evseId: number, held: HeldLimit): void {
    this.#byEvse.set(evseId, held);
  }

  /** The held limit of `evseId` when one holds at `atMs` for that transaction. */
  at(evseId: number, atMs: number, txStartMs: number | undefined): HeldLimit | undefined {
    const held = this.#byEvse.get(evseId);
    if (held === undefined || held.txStartMs !== txStartMs) return undefined;
    return atMs >= held.fromMs && atMs < held.untilMs ? held : undefined;
  }

  /**
   * The next change after `afterMs` (a whole millisecond) within the default horizon, when a held
   * span answers it: nothing changes before the span's end, and past it the next change is
   * `laterMs` if that lies within the horizon. `'unknown'` when no span holds.
   */
  nextChangeMs(
    evseId: number,
    afterMs: number,
    txStartMs: number | undefined,
  ): number | undefined | 'unknown' {
    if (!Number.isInteger(afterMs)) return 'unknown';
    const held = this.at(evseId, afterMs, txStartMs);
    if (held === undefined) return 'unknown';
    if (held.nextMs !== undefined) return held.nextMs;
    return held.laterMs !== undefined && held.laterMs < afterMs + CHANGE_HORIZON_MS
      ? held.laterMs
      : undefined;
  }
}
