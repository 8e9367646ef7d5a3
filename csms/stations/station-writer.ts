import type { BatchWriter } from '../store/batch-writer.js';
import { storeBatchWriter } from '../store/store-batch-writer.js';
import type { StoreBatchOptions } from '../store/store-batch-writer.js';
import type { Store } from '../store/store.js';
import { writeInBackground } from '../store/store.js';
import type { ConnectorStatus } from './station-record.js';

/** A write the station service buffers: a heartbeat, or a connector's status. */
export type StationWrite =
  | { readonly kind: 'heartbeat'; readonly stationId: string; readonly atMs: number }
  | {
      readonly kind: 'status';
      readonly stationId: string;
      readonly status: ConnectorStatus;
      readonly nowMs: number;
    };

type StatusWrite = Extract<StationWrite, { kind: 'status' }>;

/** Options for {@link stationWriter}: rows default to 500 a batch, the delay to 1,000 ms. */
export type StationWriterOptions = StoreBatchOptions;

/** A station that is no longer registered has its writes dropped, as a single statement's would be. */
const HEARTBEATS = `UPDATE stations s SET last_heartbeat_at = v.at, last_seen_at = v.at, updated_at = v.at
  FROM unnest($1::text[], $2::bigint[]) AS h(id, ms), LATERAL (SELECT to_timestamp(h.ms / 1000.0) AS at) v
  WHERE s.id = h.id`;

const STATUSES = `INSERT INTO connectors (station_id, evse_id, connector_id, status, error_code, info,
    vendor_error_code, status_at, updated_at)
  SELECT v.station_id, v.evse_id, v.connector_id, v.status, v.error_code, v.info, v.vendor_error_code,
         to_timestamp(v.status_ms / 1000.0), to_timestamp(v.now_ms / 1000.0)
    FROM unnest($1::text[], $2::integer[], $3::integer[], $4::text[], $5::text[], $6::text[], $7::text[],
                $8::bigint[], $9::bigint[])
      AS v(station_id, evse_id, connector_id, status, error_code, info, vendor_error_code, status_ms, now_ms)
   WHERE EXISTS (SELECT 1 FROM stations s WHERE s.id = v.station_id)
  ON CONFLICT (station_id, evse_id, connector_id) DO UPDATE SET status = EXCLUDED.status,
    error_code = EXCLUDED.error_code, info = EXCLUDED.info, vendor_error_code = EXCLUDED.vendor_error_code,
    status_at = EXCLUDED.status_at, updated_at = EXCLUDED.updated_at
  WHERE connectors.status_at <= EXCLUDED.status_at`;

/**
 * The heartbeats of a batch folded to the latest per station: what writing them one by one, in
 * arrival order, leaves in the database.
 */
export function latestHeartbeats(writes: readonly StationWrite[]): Map<string, number> {
  const latest = new Map<string, number>();
  for (const w of writes) if (w.kind === 'heartbeat') latest.set(w.stationId, w.atMs);
  return latest;
}

/**
 * The statuses of a batch folded to one per connector: the one with the latest status time, the
 * later arrival among equal times. Written one by one in arrival order, each only when its time is
 * not older than the stored one, the same status would be left in the database.
 */
export function latestStatuses(writes: readonly StationWrite[]): StatusWrite[] {
  const latest = new Map<string, StatusWrite>();
  for (const w of writes) {
    if (w.kind !== 'status') continue;
    const key = `${w.status.evseId}|${w.status.connectorId}|${w.stationId}`;
    const before = latest.get(key);
    if (before === undefined || before.status.statusAtMs <= w.status.statusAtMs) latest.set(key, w);
  }
  return [...latest.values()];
}

/**
 * Heartbeats and connector statuses written in batches: two statements per flush instead of one
 * per frame, and a station's Heartbeat or StatusNotification is answered without waiting for the
 * database. The station service flushes it before it reads or writes stations or connectors
 * otherwise, so every reader sees what was written before, in order.
 */
export function stationWriter(options: StationWriterOptions): BatchWriter<StationWrite> {
  return storeBatchWriter<StationWrite>(options, (rows) => writeStationBatch(options.store, rows));
}

/** Writes a batch: the latest heartbeat per station, the latest status per connector. */
async function writeStationBatch(store: Store, rows: readonly StationWrite[]): Promise<void> {
  const writes: Promise<void>[] = [];
  const heartbeats = latestHeartbeats(rows);
  if (heartbeats.size > 0) {
    writes.push(writeInBackground(store, HEARTBEATS, [[...heartbeats.keys()], [...heartbeats.values()]]));
  }
  const statuses = latestStatuses(rows);
  if (statuses.length > 0) {
    writes.push(
      writeInBackground(store, STATUSES, [
        statuses.map((w) => w.stationId),
        statuses.map((w) => w.status.evseId),
        statuses.map((w) => w.status.connectorId),
        statuses.map((w) => w.status.status),
        statuses.map((w) => w.status.errorCode),
        statuses.map((w) => w.status.info),
        statuses.map((w) => w.status.vendorErrorCode),
        statuses.map((w) => w.status.statusAtMs),
        statuses.map((w) => w.nowMs),
      ]),
    );
  }
  await Promise.all(writes);
}
