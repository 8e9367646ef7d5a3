import type { ActivityTracker } from '../../common/activity-tracker.js';
import type { Clock, TimerHandle } from '../../common/clock.js';
import type { TypedEvents } from '../../common/typed-events.js';
import type { CsmsEvents } from '../csms-events.js';
import type { Store } from '../store/store.js';
import { majorUnits } from './money.js';
import { runningCost } from './running-cost.js';

/** What {@link CostUpdates} needs from the CSMS. */
export interface CostUpdatesOptions {
  store: Store;
  clock: Clock;
  events: TypedEvents<CsmsEvents>;
  /** Sends a command to a station (the CSMS's `sendCommand`). */
  send(
    stationId: string,
    action: 'CostUpdated',
    payload: { totalCost: number; transactionId: string },
  ): Promise<unknown>;
  /** Time between two CostUpdated of one session, clock ms. */
  intervalMs: number;
  /** Writes buffered meter values so the cost includes the latest readings. */
  flushMeter?: () => Promise<void>;
  /** Counts each update as work in flight, so that virtual time waits for it. */
  tracker?: ActivityTracker;
  /** A send or a read failed (the next interval tries again). */
  onError?: (error: unknown) => void;
}

/**
 * Sends 2.0.1 CostUpdated to the station every `intervalMs` of a running 2.0.1 transaction, with
 * the cost so far. Starts on `transaction.started`, stops on `transaction.ended`.
 */
export class CostUpdates {
  readonly #o: CostUpdatesOptions;
  readonly #timers = new Map<number, TimerHandle>();
  readonly #off: (() => void)[] = [];
  #inFlight = new Set<Promise<void>>();

  constructor(options: CostUpdatesOptions) {
    if (!Number.isFinite(options.intervalMs) || options.intervalMs < 1_000) {
      throw new Error(`CostUpdated interval must be at least 1000 ms, got ${options.intervalMs}`);
    }
    this.#o = options;
  }

  /**
   * Starts following transactions: those that start from now on, and the 2.0.1 transactions
   * already running (after a restart), whose next update comes one interval from now.
   */
  async start(): Promise<void> {
    this.#off.push(
      this.#o.events.on('transaction.started', (e) => {
        if (e.version === '2.0.1' && !this.#timers.has(e.transactionId)) {
          this.#arm(e.transactionId, e.stationId, e.transactionRef);
        }
      }),
      this.#o.events.on('transaction.ended', (e) => this.#disarm(e.transactionId)),
    );
    const { rows } = await this.#o.store.query<{ id: number; station_id: string; transaction_ref: string }>(
      "SELECT id, station_id, transaction_ref FROM transactions WHERE status = 'RUNNING' AND ocpp_version = '2.0.1'",
    );
    for (const r of rows) if (!this.#timers.has(r.id)) this.#arm(r.id, r.station_id, r.transaction_ref);
  }

  /** Stops every timer and waits for sends in flight. */
  async stop(): Promise<void> {
    for (const off of this.#off.splice(0)) off();
    for (const id of [...this.#timers.keys()]) this.#disarm(id);
    await Promise.all(this.#inFlight);
  }

  /** Transactions currently followed. */
  get following(): number {
    return this.#timers.size;
  }

  #arm(transactionId: number, stationId: string, ref: string): void {
    const handle = this.#o.clock.setTimer(() => {
      const update = this.#update(transactionId, stationId, ref);
      const run = (this.#o.tracker?.track(update) ?? update).finally(() => this.#inFlight.delete(run));
      this.#inFlight.add(run);
    }, this.#o.intervalMs);
    this.#timers.set(transactionId, handle);
  }

  #disarm(transactionId: number): void {
    const handle = this.#timers.get(transactionId);
    if (handle !== undefined) this.#o.clock.clearTimer(handle);
    this.#timers.delete(transactionId);
  }

  async #update(transactionId: number, stationId: string, ref: string): Promise<void> {
    this.#timers.delete(transactionId);
    try {
      await this.#o.flushMeter?.();
      const { rows } = await this.#o.store.query<{ status: string }>(
        'SELECT status FROM transactions WHERE id = $1',
        [transactionId],
      );
      if (rows[0]?.status !== 'RUNNING') return;
      this.#arm(transactionId, stationId, ref);
      const cost = await runningCost(this.#o.store, transactionId);
      if (cost !== undefined) {
        await this.#o.send(stationId, 'CostUpdated', {
          totalCost: majorUnits(cost.amountMinor, cost.currency),
          transactionId: ref,
        });
      }
    } catch (error) {
      this.#o.onError?.(error);
    }
  }
}
