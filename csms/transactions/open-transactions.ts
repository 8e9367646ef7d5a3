import type { TransactionRecord } from './transaction-record.js';

/**
 * Running transactions as a transaction service last read or wrote them, by station and the
 * station's reference. A 2.0.1 Updated event then needs no read to decide whether it is new.
 */
export class OpenTransactions {
  readonly #byRef = new Map<string, TransactionRecord>();

  /** The running transaction `stationId` calls `transactionRef`, if known. */
  get(stationId: string, transactionRef: string): TransactionRecord | undefined {
    return this.#byRef.get(key(stationId, transactionRef));
  }

  /** Keeps `tx` while it runs, forgets it once it does not; returns it. */
  remember(tx: TransactionRecord): TransactionRecord {
    if (tx.status === 'RUNNING') this.#byRef.set(key(tx.stationId, tx.transactionRef), tx);
    else this.forget(tx.stationId, tx.transactionRef);
    return tx;
  }

  /** Forgets a transaction (ended, or gone from the database). */
  forget(stationId: string, transactionRef: string): void {
    this.#byRef.delete(key(stationId, transactionRef));
  }
}

function key(stationId: string, transactionRef: string): string {
  return `${stationId}\u0000${transactionRef}`;
}
