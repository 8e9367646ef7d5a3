import type { BatchWriter } from '../store/batch-writer.js';
import { storeBatchWriter } from '../store/store-batch-writer.js';
import type { StoreBatchOptions } from '../store/store-batch-writer.js';
import type { Store } from '../store/store.js';
import { writeInBackground } from '../store/store.js';
import type { UpdateInput } from './transaction-inputs.js';

/** Options for {@link ProgressWriter}: rows default to 500 a batch, the delay to 1,000 ms. */
export type ProgressWriterOptions = StoreBatchOptions;

/**
 * One statement for a whole batch. Each row applies exactly what a single 2.0.1 Updated event
 * applies, under the same conditions (still running, sequence number newer).
 */
const UPDATE = `UPDATE transactions t SET last_seq_no = v.seq_no, last_trigger = v.trigger_reason,
    charging_state = COALESCE(v.charging_state, t.charging_state), id_tag = COALESCE(t.id_tag, v.id_tag),
    id_token_type = COALESCE(t.id_token_type, v.id_token_type), user_id = COALESCE(t.user_id, v.user_id),
    evse_id = COALESCE(v.evse_id, t.evse_id), connector_id = COALESCE(v.connector_id, t.connector_id),
    updated_at = now()
  FROM unnest($1::text[], $2::text[], $3::integer[], $4::text[], $5::text[], $6::text[], $7::text[],
    $8::integer[], $9::integer[], $10::integer[])
    AS v(station_id, transaction_ref, seq_no, trigger_reason, charging_state, id_tag, id_token_type,
    user_id, evse_id, connector_id)
  WHERE t.station_id = v.station_id AND t.transaction_ref = v.transaction_ref AND t.status = 'RUNNING'
    AND (t.last_seq_no IS NULL OR t.last_seq_no < v.seq_no)`;

/**
 * Folds the updates of one transaction, in arrival order, into the one row that leaves the
 * database as applying them one by one would: the latest sequence number, trigger, charging state
 * and EVSE win; an id token is kept once known.
 */
export function mergeProgress(updates: readonly UpdateInput[]): UpdateInput[] {
  const merged = new Map<string, UpdateInput>();
  for (const u of updates) {
    const key = `${u.stationId}\u0000${u.transactionRef}`;
    const before = merged.get(key);
    if (before === undefined || before.seqNo >= u.seqNo) {
      // A first update, or one not newer than what is queued (the database would skip it).
      if (before === undefined) merged.set(key, u);
      continue;
    }
    const chargingState = u.chargingState ?? before.chargingState;
    const idTag = before.idTag ?? u.idTag;
    const idTokenType = before.idTokenType ?? u.idTokenType;
    const userId = before.userId ?? u.userId;
    const evseId = u.evseId ?? before.evseId;
    const connectorId = u.connectorId ?? before.connectorId;
    merged.set(key, {
      stationId: u.stationId,
      transactionRef: u.transactionRef,
      seqNo: u.seqNo,
      trigger: u.trigger,
      ...(chargingState === undefined ? {} : { chargingState }),
      ...(idTag === undefined ? {} : { idTag }),
      ...(idTokenType === undefined ? {} : { idTokenType }),
      ...(userId === undefined ? {} : { userId }),
      ...(evseId === undefined ? {} : { evseId }),
      ...(connectorId === undefined ? {} : { connectorId }),
    });
  }
  return [...merged.values()];
}

/**
 * Writes 2.0.1 transaction progress (sequence number, trigger, charging state) in batches: one
 * statement per flush instead of one per Updated event. Readers of the transactions table flush
 * it first, and so does the CSMS when it stops.
 */
export class ProgressWriter {
  readonly #store: Store;
  readonly #writer: BatchWriter<UpdateInput>;

  constructor(options: ProgressWriterOptions) {
    this.#store = options.store;
    this.#writer = storeBatchWriter<UpdateInput>(options, (rows) => this.#write(rows));
  }

  /** Updates buffered and not yet written. */
  get pending(): number {
    return this.#writer.pending;
  }

  /** Buffers one Updated event's progress. */
  add(update: UpdateInput): void {
    this.#writer.add(update);
  }

  /** Writes everything buffered; rejects (keeping the updates) when the write fails. */
  flush(): Promise<void> {
    return this.#writer.flush();
  }

  async #write(rows: UpdateInput[]): Promise<void> {
    const merged = mergeProgress(rows);
    await writeInBackground(this.#store, UPDATE, [
      merged.map((u) => u.stationId),
      merged.map((u) => u.transactionRef),
      merged.map((u) => u.seqNo),
      merged.map((u) => u.trigger),
      merged.map((u) => u.chargingState ?? null),
      merged.map((u) => u.idTag ?? null),
      merged.map((u) => u.idTokenType ?? null),
      merged.map((u) => u.userId ?? null),
      merged.map((u) => u.evseId ?? null),
      merged.map((u) => u.connectorId ?? null),
    ]);
  }
}
