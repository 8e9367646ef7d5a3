import type { Clock, TimerHandle } from '../../common/clock.js';
import type { CampaignStation } from './firmware-types.js';
import { isTerminal } from './firmware-types.js';

/**
 * One clock timer per campaign station that has been sent its update and is working on it: when
 * nothing is heard from the station for `timeoutMs`, `onTimeout` is told. A station waiting to
 * come online has no timer (it gets the update when it reconnects).
 */
export class ProgressTimeouts {
  readonly #timers = new Map<string, TimerHandle>();

  constructor(
    private readonly clock: Clock,
    readonly timeoutMs: number,
    private readonly onTimeout: (campaignId: number, stationId: string) => void,
  ) {
    if (!Number.isFinite(timeoutMs) || timeoutMs <= 0)
      throw new Error(`stationTimeoutMs must be a positive number of ms, got ${timeoutMs}`);
  }

  /** Re-arms (or drops) the timer of a row after it changed. */
  touch(row: CampaignStation): void {
    const key = `${row.campaignId}/${row.stationId}`;
    const old = this.#timers.get(key);
    if (old !== undefined) this.clock.clearTimer(old);
    this.#timers.delete(key);
    if (isTerminal(row.state) || row.dispatchedAtMs === null || row.awaitingSend) return;
    const dueMs = Math.max(0, row.updatedAtMs + this.timeoutMs - this.clock.now());
    this.#timers.set(
      key,
      this.clock.setTimer(() => {
        this.#timers.delete(key);
        this.onTimeout(row.campaignId, row.stationId);
      }, dueMs),
    );
  }

  /** Cancels every timer. */
  clearAll(): void {
    for (const t of this.#timers.values()) this.clock.clearTimer(t);
    this.#timers.clear();
  }
}
