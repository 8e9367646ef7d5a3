import type { Rng } from '../../common/rng.js';

/** Back-off settings for reconnecting after a lost connection. */
export interface BackoffOptions {
  /** First wait, ms. Default 1,000. */
  readonly minMs?: number;
  /** Longest wait, ms. Default 60,000. */
  readonly maxMs?: number;
  /** Share of each wait drawn at random, 0..1, so a fleet does not reconnect in lock step. Default 0.25. */
  readonly jitter?: number;
}

/**
 * Exponential back-off with seeded jitter: 1 s, 2 s, 4 s ... up to `maxMs`; `reset()` after a
 * successful connection.
 */
export class ReconnectBackoff {
  readonly #minMs: number;
  readonly #maxMs: number;
  readonly #jitter: number;
  #attempt = 0;

  constructor(
    private readonly rng: Rng,
    options: BackoffOptions = {},
  ) {
    this.#minMs = options.minMs ?? 1_000;
    this.#maxMs = options.maxMs ?? 60_000;
    this.#jitter = options.jitter ?? 0.25;
    if (!(this.#minMs > 0) || !(this.#maxMs >= this.#minMs)) {
      throw new Error(`back-off needs 0 < minMs <= maxMs, got minMs ${this.#minMs}, maxMs ${this.#maxMs}`);
    }
    if (!(this.#jitter >= 0 && this.#jitter <= 1)) {
      throw new Error(`back-off jitter must be between 0 and 1, got ${this.#jitter}`);
    }
  }

  /** The wait before the next attempt, ms; each call doubles the base up to the maximum. */
  nextDelayMs(): number {
    const base = Math.min(this.#maxMs, this.#minMs * 2 ** Math.min(this.#attempt, 30));
    this.#attempt++;
    return Math.round(base * (1 - this.#jitter * this.rng.next()));
  }

  /** Attempts made since the last reset. */
  get attempts(): number {
    return this.#attempt;
  }

  /** Starts again from the first wait. */
  reset(): void {
    this.#attempt = 0;
  }
}
