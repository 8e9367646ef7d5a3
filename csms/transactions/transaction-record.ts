import type { OcppVersion } from '../../common/ocpp-version.js';

/** A charging transaction as the CSMS keeps it. Times are epoch ms. */
export interface TransactionRecord {
  /** The CSMS's id (also the 1.6 transactionId). */
  readonly id: number;
  readonly stationId: string;
  readonly version: OcppVersion;
  /** What the station calls it: the 1.6 id as text, or the 2.0.1 station's transactionId. */
  readonly transactionRef: string;
  readonly evseId: number;
  readonly connectorId: number;
  readonly idTag: string | null;
  readonly userId: number | null;
  /** RUNNING, COMPLETED, or a status an extension set (e.g. BILLING_FAILED). */
  readonly status: string;
  readonly startedAtMs: number;
  readonly endedAtMs: number | null;
  readonly meterStartWh: number | null;
  readonly meterStopWh: number | null;
  readonly energyWh: number | null;
  readonly stopReason: string | null;
  readonly lastSeqNo: number | null;
  readonly amountMinor: number | null;
  readonly currency: string | null;
}

/** A `transactions` row as the drivers return it. */
export interface TransactionRow {
  id: number;
  station_id: string;
  ocpp_version: string;
  transaction_ref: string;
  evse_id: number;
  connector_id: number;
  id_tag: string | null;
  user_id: number | null;
  status: string;
  started_at: Date;
  ended_at: Date | null;
  meter_start_wh: number | null;
  meter_stop_wh: number | null;
  energy_wh: number | null;
  stop_reason: string | null;
  last_seq_no: number | null;
  amount_minor: number | null;
  currency: string | null;
}

/** Maps a row to a record. */
export function transactionFromRow(row: TransactionRow): TransactionRecord {
  return {
    id: row.id,
    stationId: row.station_id,
    version: row.ocpp_version === '1.6' ? '1.6' : '2.0.1',
    transactionRef: row.transaction_ref,
    evseId: row.evse_id,
    connectorId: row.connector_id,
    idTag: row.id_tag,
    userId: row.user_id,
    status: row.status,
    startedAtMs: row.started_at.getTime(),
    endedAtMs: row.ended_at === null ? null : row.ended_at.getTime(),
    meterStartWh: row.meter_start_wh,
    meterStopWh: row.meter_stop_wh,
    energyWh: row.energy_wh,
    stopReason: row.stop_reason,
    lastSeqNo: row.last_seq_no,
    amountMinor: row.amount_minor,
    currency: row.currency,
  };
}

/** Columns selected for a {@link TransactionRow}. */
export const TRANSACTION_COLUMNS =
  'id, station_id, ocpp_version, transaction_ref, evse_id, connector_id, id_tag, user_id, status, ' +
  'started_at, ended_at, meter_start_wh, meter_stop_wh, energy_wh, stop_reason, last_seq_no, amount_minor, currency';
