import type { OcppVersion } from '../../common/ocpp-version.js';
import type { Queryable } from '../store/store.js';
import type { TransactionRecord } from './transaction-record.js';

/** A transaction start, from a 1.6 StartTransaction or a 2.0.1 TransactionEvent. */
export interface StartInput {
  readonly stationId: string;
  readonly version: OcppVersion;
  /** The 2.0.1 station's transactionId; absent for 1.6 (the CSMS assigns one). */
  readonly transactionRef?: string;
  readonly evseId: number;
  readonly connectorId: number;
  readonly idTag: string | null;
  readonly idTokenType?: string;
  readonly userId?: number;
  readonly meterStartWh: number | null;
  readonly startedAtMs: number;
  readonly reservationId?: number;
  readonly seqNo?: number;
  readonly trigger?: string;
  readonly chargingState?: string;
}

/** A 2.0.1 TransactionEvent Updated. */
export interface UpdateInput {
  readonly stationId: string;
  readonly transactionRef: string;
  readonly seqNo: number;
  readonly trigger: string;
  readonly chargingState?: string;
  readonly idTag?: string;
  readonly idTokenType?: string;
  readonly userId?: number;
  readonly evseId?: number;
  readonly connectorId?: number;
}

/** A transaction end, from a 1.6 StopTransaction or a 2.0.1 TransactionEvent Ended. */
export interface EndInput {
  readonly stationId: string;
  /** 1.6: the id the CSMS assigned. */
  readonly transactionId?: number;
  /** 2.0.1: the station's transactionId. */
  readonly transactionRef?: string;
  readonly meterStopWh: number | null;
  readonly endedAtMs: number;
  readonly reason: string | null;
  readonly seqNo?: number;
  readonly trigger?: string;
}

/** The outcome of {@link TransactionService.end}. */
export type EndOutcome =
  | { readonly kind: 'ended'; readonly tx: TransactionRecord }
  | { readonly kind: 'duplicate'; readonly tx: TransactionRecord }
  | { readonly kind: 'unknown' };

/**
 * Runs inside the database transaction that ends a charging transaction, so that what it writes
 * (a bill, a wallet debit) commits together with the end. A hook that throws is rolled back on
 * its own (a savepoint): the end is kept and the failure reported.
 */
export interface TransactionEndHook {
  /** Names the hook in errors and events. */
  readonly name: string;
  onTransactionEnded(tx: TransactionRecord, db: Queryable): Promise<void>;
}

/** Filters for {@link TransactionService.list}. */
export interface TransactionFilter {
  readonly stationId?: string;
  readonly status?: string;
  /** Started at or after, epoch ms. */
  readonly fromMs?: number;
  /** Started before, epoch ms. */
  readonly toMs?: number;
  readonly limit?: number;
}
