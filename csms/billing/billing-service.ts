import type { ActivityTracker } from '../../common/activity-tracker.js';
import type { Clock, TimerHandle } from '../../common/clock.js';
import { TypedEvents } from '../../common/typed-events.js';
import type { Store } from '../store/store.js';
import type { TransactionEndHook } from '../transactions/transaction-service.js';
import type { BillingCharge } from './billing-charge.js';
import { dueRetries, nextRetryAt } from './billing-charge.js';
import type { RetryPolicy } from './settle-transaction.js';
import { DEFAULT_RETRY_POLICY, settleTransaction, settleWithin } from './settle-transaction.js';

/** What billing reports as it works. */
export interface BillingEvents extends Record<string, unknown> {
  /** A settlement attempt finished; the charge carries its new state. */
  settled: BillingCharge;
  /** A settlement or retry run failed for a reason other than a short balance (it will be retried). */
  error: { transactionId: number | null; error: unknown };
}

/** Options of {@link Billing}. */
export interface BillingOptions {
  store: Store;
  /** Drives the retry job. */
  clock: Clock;
  /** Counts retry runs as work in flight, so that virtual time waits for them. */
  tracker?: ActivityTracker;
  /** Retry interval and window; default every 30 min for up to 24 h. */
  policy?: Partial<RetryPolicy>;
}

/**
 * Billing of the reference CSMS: settles transactions when they end and retries short balances on
 * the injected clock. All state lives in the store, so a restart loses nothing: {@link start}
 * settles what was left unsettled and re-arms the retry timer from the earliest due retry.
 */
export class Billing {
  /** Settlements and failures, as they happen. */
  readonly events = new TypedEvents<BillingEvents>();
  readonly policy: RetryPolicy;
  readonly #store: Store;
  readonly #clock: Clock;
  readonly #tracker: ActivityTracker | undefined;
  #timer: { atMs: number; handle: TimerHandle } | undefined;
  #run: Promise<void> = Promise.resolve();
  #started = false;

  constructor(options: BillingOptions) {
    const policy = { ...DEFAULT_RETRY_POLICY, ...options.policy };
    for (const [field, value] of Object.entries(policy)) {
      if (!Number.isFinite(value) || value <= 0) {
        throw new Error(`billing policy ${field} must be a positive number of milliseconds, got ${value}`);
      }
    }
    this.policy = policy;
    this.#store = options.store;
    this.#clock = options.clock;
    this.#tracker = options.tracker;
  }

  /**
   * Settles transactions that ended without a settled charge (a stop during a restart) and arms
   * the retry timer from the store.
   */
  async start(): Promise<void> {
    this.#started = true;
    const { rows } = await this.#store.query<{ id: number }>(
      `SELECT t.id FROM transactions t LEFT JOIN billing_charges c ON c.transaction_id = t.id
       WHERE t.ended_at IS NOT NULL AND (c.transaction_id IS NULL OR c.status = 'PENDING')
       ORDER BY t.id`,
    );
    for (const { id } of rows) await this.#settleReporting(id);
    await this.#rearm();
  }

  /** Stops the retry timer and waits for a run in progress. */
  async stop(): Promise<void> {
    this.#started = false;
    if (this.#timer !== undefined) this.#clock.clearTimer(this.#timer.handle);
    this.#timer = undefined;
    await this.#run;
  }

  /**
   * Settles an ended transaction (idempotent: call it again and nothing is charged twice) and,
   * on a short balance, schedules the retry.
   */
  async settle(transactionId: number): Promise<BillingCharge> {
    const charge = await settleTransaction(this.#store, transactionId, this.#clock.now(), this.policy);
    this.events.emit('settled', charge);
    if (charge.nextAttemptAtMs !== null) this.#arm(charge.nextAttemptAtMs);
    return charge;
  }

  /**
   * The hook the transaction service runs inside the database transaction that ends a charging
   * transaction: the end and its bill commit together, or the bill is rolled back alone (the
   * transaction service keeps the end) and {@link start} settles it at the next start.
   */
  endHook(): TransactionEndHook {
    return {
      name: 'billing',
      onTransactionEnded: async (tx, db) => {
        const charge = await settleWithin(db, tx.id, this.#clock.now(), this.policy);
        this.events.emit('settled', charge);
        // Arming early is harmless: a timer that finds nothing due re-arms from the store.
        if (charge.nextAttemptAtMs !== null) this.#arm(charge.nextAttemptAtMs);
      },
    };
  }

  /** Runs every retry that is due now; returns the charges attempted. */
  async runDueRetries(): Promise<BillingCharge[]> {
    const due = await dueRetries(this.#store, this.#clock.now());
    const results: BillingCharge[] = [];
    for (const id of due) {
      const charge = await this.#settleReporting(id);
      if (charge !== undefined) results.push(charge);
    }
    return results;
  }

  async #settleReporting(transactionId: number): Promise<BillingCharge | undefined> {
    try {
      return await this.settle(transactionId);
    } catch (error) {
      this.events.emit('error', { transactionId, error });
      return undefined;
    }
  }

  #arm(atMs: number): void {
    if (!this.#started) return;
    if (this.#timer !== undefined && this.#timer.atMs <= atMs) return;
    if (this.#timer !== undefined) this.#clock.clearTimer(this.#timer.handle);
    const handle = this.#clock.setTimer(() => this.#fire(), atMs - this.#clock.now());
    this.#timer = { atMs, handle };
  }

  #fire(): void {
    this.#timer = undefined;
    const run = this.#run.then(async () => {
      try {
        await this.runDueRetries();
        await this.#rearm();
      } catch (error) {
        this.events.emit('error', { transactionId: null, error });
        // Try again after one interval rather than never.
        this.#arm(this.#clock.now() + this.policy.retryIntervalMs);
      }
    });
    this.#run = this.#tracker === undefined ? run : this.#tracker.track(run);
  }

  async #rearm(): Promise<void> {
    const at = await nextRetryAt(this.#store);
    if (at !== undefined) this.#arm(Math.max(at, this.#clock.now()));
  }
}
