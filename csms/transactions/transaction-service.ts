import type { Clock } from '../../common/clock.js';
import { MeterStore } from '../meter/meter-store.js';
import type { Store } from '../store/store.js';
import { energyFromRegisterWh } from './energy.js';
import { OpenTransactions } from './open-transactions.js';
import { ProgressWriter } from './progress-writer.js';
import type { TransactionRecord, TransactionRow } from './transaction-record.js';
import { TRANSACTION_COLUMNS, transactionFromRow } from './transaction-record.js';
import type {
  EndInput,
  EndOutcome,
  StartInput,
  TransactionEndHook,
  TransactionFilter,
  UpdateInput,
} from './transaction-inputs.js';

export type {
  EndInput,
  EndOutcome,
  StartInput,
  TransactionEndHook,
  TransactionFilter,
  UpdateInput,
} from './transaction-inputs.js';

/** Options for {@link TransactionService}. */
export interface TransactionServiceOptions {
  store: Store;
  meter: MeterStore;
  hooks?: readonly TransactionEndHook[];
  /** Told when a hook fails (the end is committed without the hook's writes). */
  onHookError?: (tx: TransactionRecord, hook: string, error: unknown) => void;
  /**
   * With a clock, 2.0.1 progress (Updated events of running transactions this service knows) is
   * written in batches: one statement per flush. Without one, every update is its own statement.
   */
  progress?: {
    clock: Clock;
    maxRows?: number;
    maxDelayMs?: number;
    onError?: (error: unknown) => void;
  };
}

/**
 * The version-neutral transaction service: starts, updates and ends transactions, works out the
 * energy from the import register, and lets extensions settle the transaction at its end.
 * Starts and ends are idempotent: a frame resent after a reconnect changes nothing.
 */
export class TransactionService {
  readonly #store: Store;
  readonly #meter: MeterStore;
  readonly #hooks: TransactionEndHook[];
  readonly #onHookError: (tx: TransactionRecord, hook: string, error: unknown) => void;
  /** A hint for deciding whether an event is new; the database's answers replace its entries. */
  readonly #open = new OpenTransactions();
  readonly #progress: ProgressWriter | undefined;

  constructor(options: TransactionServiceOptions) {
    this.#store = options.store;
    this.#meter = options.meter;
    this.#hooks = [...(options.hooks ?? [])];
    this.#onHookError = options.onHookError ?? (() => undefined);
    this.#progress =
      options.progress === undefined
        ? undefined
        : new ProgressWriter({ store: this.#store, ...options.progress });
  }

  /** Writes buffered progress updates (the CSMS calls this before it stops). */
  async flush(): Promise<void> {
    await this.#progress?.flush();
  }

  /** Adds a hook run at every transaction end (after those given at construction). */
  addEndHook(hook: TransactionEndHook): void {
    this.#hooks.push(hook);
  }

  /**
   * Records a start. `created` is false when the same start was already recorded (a 1.6
   * StartTransaction resent with the same connector, time, idTag and meterStart, or a 2.0.1
   * transactionId already known); the existing transaction is returned.
   */
  async start(input: StartInput): Promise<{ tx: TransactionRecord; created: boolean }> {
    const startedAt = new Date(input.startedAtMs);
    // Buffered progress only touches transactions already stored, and none of the columns a start
    // is matched on: the writer is flushed (by get and findByRef) only when a stored one is returned.
    if (input.transactionRef === undefined) {
      const { rows: same } = await this.#store.query<{ id: number }>(
        `SELECT id FROM transactions
          WHERE station_id = $1 AND ocpp_version = $2 AND evse_id = $3 AND started_at = $4
            AND id_tag IS NOT DISTINCT FROM $5 AND meter_start_wh IS NOT DISTINCT FROM $6`,
        [input.stationId, input.version, input.evseId, startedAt, input.idTag, input.meterStartWh],
      );
      const existing = same[0] === undefined ? undefined : await this.get(same[0].id);
      if (existing !== undefined) return { tx: existing, created: false };
    }
    const params = [
      input.stationId,
      input.version,
      input.evseId,
      input.connectorId,
      input.idTag,
      input.idTokenType ?? null,
      input.userId ?? null,
      input.reservationId ?? null,
      startedAt,
      input.meterStartWh,
      input.seqNo ?? null,
      input.trigger ?? null,
      input.chargingState ?? null,
      input.transactionRef ?? null,
    ];
    const { rows } = await this.#store.query<TransactionRow>(
      `INSERT INTO transactions (id, transaction_ref, station_id, ocpp_version, evse_id, connector_id, id_tag,
          id_token_type, user_id, reservation_id, started_at, meter_start_wh, last_seq_no, last_trigger,
          charging_state, status, created_at, updated_at)
       SELECT n.id, COALESCE($14::text, n.id::text), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13,
              'RUNNING', now(), now()
         FROM (SELECT nextval('transaction_id_seq')::integer AS id) n
       ON CONFLICT (station_id, transaction_ref) DO NOTHING
       RETURNING ${TRANSACTION_COLUMNS}`,
      params,
    );
    if (rows[0] !== undefined) return { tx: this.#open.remember(transactionFromRow(rows[0])), created: true };
    const existing = await this.findByRef(input.stationId, input.transactionRef ?? '');
    if (existing === undefined)
      throw new Error(`transaction ${input.transactionRef} vanished while starting`);
    return { tx: this.#open.remember(existing), created: false };
  }

  /**
   * Applies a 2.0.1 Updated event. Returns undefined for an unknown transaction and `changed:
   * false` for an event already seen (seqNo not newer) or a transaction no longer running.
   */
  async update(input: UpdateInput): Promise<{ tx: TransactionRecord; changed: boolean } | undefined> {
    const known = this.#open.get(input.stationId, input.transactionRef);
    if (this.#progress !== undefined && known !== undefined) {
      if (known.lastSeqNo !== null && input.seqNo <= known.lastSeqNo) return { tx: known, changed: false };
      // What the UPDATE below would return, written later in a batch.
      const tx: TransactionRecord = {
        ...known,
        lastSeqNo: input.seqNo,
        idTag: known.idTag ?? input.idTag ?? null,
        userId: known.userId ?? input.userId ?? null,
        evseId: input.evseId ?? known.evseId,
        connectorId: input.connectorId ?? known.connectorId,
      };
      this.#open.remember(tx);
      this.#progress.add(input);
      return { tx, changed: true };
    }
    await this.flush();
    const { rows } = await this.#store.query<TransactionRow>(
      `UPDATE transactions SET last_seq_no = $3, last_trigger = $4,
              charging_state = COALESCE($5, charging_state), id_tag = COALESCE(id_tag, $6),
              id_token_type = COALESCE(id_token_type, $7), user_id = COALESCE(user_id, $8),
              evse_id = COALESCE($9, evse_id), connector_id = COALESCE($10, connector_id), updated_at = now()
        WHERE station_id = $1 AND transaction_ref = $2 AND status = 'RUNNING'
          AND (last_seq_no IS NULL OR last_seq_no < $3)
        RETURNING ${TRANSACTION_COLUMNS}`,
      [
        input.stationId,
        input.transactionRef,
        input.seqNo,
        input.trigger,
        input.chargingState ?? null,
        input.idTag ?? null,
        input.idTokenType ?? null,
        input.userId ?? null,
        input.evseId ?? null,
        input.connectorId ?? null,
      ],
    );
    if (rows[0] !== undefined) return { tx: this.#open.remember(transactionFromRow(rows[0])), changed: true };
    const tx = await this.findByRef(input.stationId, input.transactionRef);
    if (tx === undefined) {
      this.#open.forget(input.stationId, input.transactionRef);
      return undefined;
    }
    return { tx: this.#open.remember(tx), changed: false };
  }

  /**
   * Ends a running transaction: writes buffered meter values first, then in one database
   * transaction computes the energy from the import register, marks it COMPLETED and runs the end
   * hooks. A transaction already ended is a duplicate and is left unchanged.
   */
  async end(input: EndInput): Promise<EndOutcome> {
    await Promise.all([this.#meter.flush(), this.flush()]);
    const failures: { hook: string; error: unknown }[] = [];
    const outcome = await this.#store.transaction(async (db): Promise<EndOutcome> => {
      const where =
        input.transactionId !== undefined
          ? 'id = $1 AND station_id = $2'
          : 'transaction_ref = $1 AND station_id = $2';
      const key = input.transactionId ?? input.transactionRef;
      if (key === undefined) throw new Error('end() needs a transactionId (1.6) or transactionRef (2.0.1)');
      const { rows } = await db.query<TransactionRow>(
        `SELECT ${TRANSACTION_COLUMNS} FROM transactions WHERE ${where} FOR UPDATE`,
        [key, input.stationId],
      );
      const row = rows[0];
      if (row === undefined) return { kind: 'unknown' };
      if (row.status !== 'RUNNING') return { kind: 'duplicate', tx: transactionFromRow(row) };
      const samples = (await MeterStore.registerReadings(db, row.id)).wh;
      const readings = [
        ...(row.meter_start_wh === null ? [] : [row.meter_start_wh]),
        ...samples,
        ...(input.meterStopWh === null ? [] : [input.meterStopWh]),
      ];
      const meterStartWh = row.meter_start_wh ?? readings[0] ?? null;
      const meterStopWh = input.meterStopWh ?? (samples.length > 0 ? samples[samples.length - 1]! : null);
      const energyWh = energyFromRegisterWh(readings) ?? null;
      const { rows: ended } = await db.query<TransactionRow>(
        `UPDATE transactions SET status = 'COMPLETED', ended_at = $2, meter_start_wh = $3, meter_stop_wh = $4,
                energy_wh = $5, stop_reason = $6, last_seq_no = COALESCE($7, last_seq_no),
                last_trigger = COALESCE($8, last_trigger), updated_at = now()
          WHERE id = $1 RETURNING ${TRANSACTION_COLUMNS}`,
        [
          row.id,
          new Date(input.endedAtMs),
          meterStartWh,
          meterStopWh,
          energyWh,
          input.reason,
          input.seqNo ?? null,
          input.trigger ?? null,
        ],
      );
      let tx = transactionFromRow(ended[0]!);
      if (this.#hooks.length === 0) return { kind: 'ended', tx };
      for (const hook of this.#hooks) {
        await db.query('SAVEPOINT end_hook');
        try {
          await hook.onTransactionEnded(tx, db);
          await db.query('RELEASE SAVEPOINT end_hook');
        } catch (error) {
          await db.query('ROLLBACK TO SAVEPOINT end_hook');
          failures.push({ hook: hook.name, error });
          await db.query('UPDATE transactions SET end_hook_error = $2 WHERE id = $1', [
            row.id,
            `${hook.name}: ${error instanceof Error ? error.message : String(error)}`,
          ]);
        }
      }
      const { rows: after } = await db.query<TransactionRow>(
        `SELECT ${TRANSACTION_COLUMNS} FROM transactions WHERE id = $1`,
        [row.id],
      );
      tx = transactionFromRow(after[0]!);
      return { kind: 'ended', tx };
    });
    if (outcome.kind !== 'unknown') this.#open.forget(outcome.tx.stationId, outcome.tx.transactionRef);
    if (outcome.kind === 'ended') for (const f of failures) this.#onHookError(outcome.tx, f.hook, f.error);
    return outcome;
  }

  /** A transaction by the CSMS id. */
  async get(id: number): Promise<TransactionRecord | undefined> {
    await this.flush();
    const { rows } = await this.#store.query<TransactionRow>(
      `SELECT ${TRANSACTION_COLUMNS} FROM transactions WHERE id = $1`,
      [id],
    );
    return rows[0] === undefined ? undefined : transactionFromRow(rows[0]);
  }

  /** A transaction by what the station calls it. */
  async findByRef(stationId: string, transactionRef: string): Promise<TransactionRecord | undefined> {
    await this.flush();
    const { rows } = await this.#store.query<TransactionRow>(
      `SELECT ${TRANSACTION_COLUMNS} FROM transactions WHERE station_id = $1 AND transaction_ref = $2`,
      [stationId, transactionRef],
    );
    return rows[0] === undefined ? undefined : transactionFromRow(rows[0]);
  }

  /**
   * A transaction by what the station calls it, for deciding whether an event is new: a running
   * transaction this service has seen comes from memory, anything else from the database. The
   * record may trail the database (another writer may have ended it); {@link update} and
   * {@link end} check the database and say when an event changed nothing.
   */
  async findForEvent(stationId: string, transactionRef: string): Promise<TransactionRecord | undefined> {
    const known = this.#open.get(stationId, transactionRef);
    if (known !== undefined) return known;
    const tx = await this.findByRef(stationId, transactionRef);
    return tx === undefined ? undefined : this.#open.remember(tx);
  }

  /** Running transactions of a station (optionally on one EVSE). */
  async running(stationId: string, evseId?: number): Promise<TransactionRecord[]> {
    await this.flush();
    const { rows } = await this.#store.query<TransactionRow>(
      `SELECT ${TRANSACTION_COLUMNS} FROM transactions
        WHERE station_id = $1 AND status = 'RUNNING' AND ($2::integer IS NULL OR evse_id = $2)
        ORDER BY started_at`,
      [stationId, evseId ?? null],
    );
    return rows.map(transactionFromRow);
  }

  /** Transactions matching `filter`, newest first. */
  async list(filter: TransactionFilter = {}): Promise<TransactionRecord[]> {
    await this.flush();
    const { rows } = await this.#store.query<TransactionRow>(
      `SELECT ${TRANSACTION_COLUMNS} FROM transactions
        WHERE ($1::text IS NULL OR station_id = $1) AND ($2::text IS NULL OR status = $2)
          AND ($3::timestamptz IS NULL OR started_at >= $3) AND ($4::timestamptz IS NULL OR started_at < $4)
        ORDER BY started_at DESC, id DESC LIMIT $5`,
      [
        filter.stationId ?? null,
        filter.status ?? null,
        filter.fromMs === undefined ? null : new Date(filter.fromMs),
        filter.toMs === undefined ? null : new Date(filter.toMs),
        filter.limit ?? 100,
      ],
    );
    return rows.map(transactionFromRow);
  }
}
