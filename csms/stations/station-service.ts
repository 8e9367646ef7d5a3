import type { OcppVersion } from '../../common/ocpp-version.js';
import type { Store } from '../store/store.js';
import type {
  BootInfo,
  ConnectorStatus,
  RegistrationStatus,
  StationRecord,
  StationRow,
} from './station-record.js';
import { stationFromRow } from './station-record.js';
import type { BatchWriter } from '../store/batch-writer.js';
import { stationWriter } from './station-writer.js';
import type { StationWrite, StationWriterOptions } from './station-writer.js';

/** Whether unknown stations are registered at their first boot (`auto`) or refused (`strict`). */
export type RegistrationMode = 'auto' | 'strict';

/** What a boot policy is told. */
export interface BootContext {
  readonly stationId: string;
  readonly version: OcppVersion;
  readonly info: BootInfo;
  /** The station as stored before this boot (undefined for a first boot). */
  readonly known: StationRecord | undefined;
}

/** Decides the answer to a BootNotification: a fixed status, or a function of the boot. */
export type BootPolicy =
  RegistrationStatus | ((ctx: BootContext) => RegistrationStatus | Promise<RegistrationStatus>);

/** Options for {@link StationService}. */
export interface StationServiceOptions {
  store: Store;
  registration?: RegistrationMode;
  bootPolicy?: BootPolicy;
  /**
   * With a clock, heartbeats and connector statuses are written in batches (see
   * {@link stationWriter}); without one, each is its own statement, awaited by its caller.
   */
  batch?: Omit<StationWriterOptions, 'store'>;
}

/** The result of a boot. */
export interface BootDecision {
  readonly status: RegistrationStatus;
  /** Why, when not Accepted. */
  readonly reason?: string;
}

const UNREGISTERED: BootDecision = { status: 'Rejected', reason: 'not registered (strict registration)' };

const COLUMNS =
  'id, ocpp_version, registration_status, vendor, model, serial_number, firmware_version, iccid, imsi, ' +
  'meter_type, meter_serial_number, last_boot_at, last_heartbeat_at, last_seen_at, connected_at, ' +
  'disconnected_at, created_at';

/**
 * Stations in the store: registration at boot (auto or strict, with a boot policy), boot details,
 * heartbeats, connection times and the latest status per connector.
 */
export class StationService {
  readonly #store: Store;
  readonly registration: RegistrationMode;
  readonly #bootPolicy: BootPolicy;
  readonly #writer: BatchWriter<StationWrite> | undefined;

  constructor(options: StationServiceOptions) {
    this.#store = options.store;
    this.registration = options.registration ?? 'auto';
    this.#bootPolicy = options.bootPolicy ?? 'Accepted';
    this.#writer =
      options.batch === undefined ? undefined : stationWriter({ store: options.store, ...options.batch });
  }

  /**
   * Writes buffered heartbeats and connector statuses. Every other method calls it first, so each
   * sees (and orders itself after) what was recorded before; the CSMS calls it before it stops.
   */
  async flush(): Promise<void> {
    await this.#writer?.flush();
  }

  /** A station, or undefined when it is not registered. */
  async get(stationId: string): Promise<StationRecord | undefined> {
    await this.flush();
    const { rows } = await this.#store.query<StationRow>(`SELECT ${COLUMNS} FROM stations WHERE id = $1`, [
      stationId,
    ]);
    return rows[0] === undefined ? undefined : stationFromRow(rows[0]);
  }

  /** Every station, by id. */
  async list(): Promise<StationRecord[]> {
    await this.flush();
    const { rows } = await this.#store.query<StationRow>(`SELECT ${COLUMNS} FROM stations ORDER BY id`);
    return rows.map(stationFromRow);
  }

  /** Registers a station ahead of its first boot (what `strict` registration requires). */
  async register(stationId: string, nowMs: number): Promise<{ station: StationRecord; created: boolean }> {
    await this.flush();
    const { rows } = await this.#store.query<StationRow>(
      `INSERT INTO stations (id, created_at, updated_at) VALUES ($1, $2, $2)
       ON CONFLICT (id) DO NOTHING RETURNING ${COLUMNS}`,
      [stationId, new Date(nowMs)],
    );
    if (rows[0] !== undefined) return { station: stationFromRow(rows[0]), created: true };
    return { station: (await this.get(stationId))!, created: false };
  }

  /**
   * May this station talk to the CSMS? Strict registration admits only registered stations; a
   * station whose last boot was Rejected is refused until it boots again.
   */
  async admits(stationId: string): Promise<{ ok: true } | { ok: false; reason: string }> {
    const station = await this.get(stationId);
    if (station === undefined) {
      return this.registration === 'strict'
        ? { ok: false, reason: `station ${stationId} is not registered with this CSMS` }
        : { ok: true };
    }
    if (station.registrationStatus === 'Rejected') {
      return { ok: false, reason: `station ${stationId} was rejected at boot: send BootNotification again` };
    }
    return { ok: true };
  }

  /**
   * Records a connection (registering the station in auto mode, so later rows can refer to it)
   * and says whether the station is admitted, in one statement.
   */
  async connected(
    stationId: string,
    version: OcppVersion,
    nowMs: number,
  ): Promise<{ ok: true } | { ok: false; reason: string }> {
    const at = new Date(nowMs);
    await this.flush();
    const { rows } =
      this.registration === 'auto'
        ? await this.#store.query<{ registration_status: string }>(
            `INSERT INTO stations (id, ocpp_version, connected_at, last_seen_at, created_at, updated_at)
             VALUES ($1, $2, $3, $3, $3, $3)
             ON CONFLICT (id) DO UPDATE SET ocpp_version = $2, connected_at = $3, last_seen_at = $3, updated_at = $3
             RETURNING registration_status`,
            [stationId, version, at],
          )
        : await this.#store.query<{ registration_status: string }>(
            `UPDATE stations SET ocpp_version = $2, connected_at = $3, last_seen_at = $3, updated_at = $3
              WHERE id = $1 RETURNING registration_status`,
            [stationId, version, at],
          );
    const status = rows[0]?.registration_status;
    if (status === undefined)
      return { ok: false, reason: `station ${stationId} is not registered with this CSMS` };
    if (status === 'Rejected') {
      return { ok: false, reason: `station ${stationId} was rejected at boot: send BootNotification again` };
    }
    return { ok: true };
  }

  /** Records a disconnection and the last time anything was heard. */
  async disconnected(stationId: string, nowMs: number, lastSeenMs: number): Promise<void> {
    await this.flush();
    await this.#store.query(
      'UPDATE stations SET disconnected_at = $2, last_seen_at = $3, updated_at = $2 WHERE id = $1',
      [stationId, new Date(nowMs), new Date(lastSeenMs)],
    );
  }

  /**
   * Decides on a BootNotification and stores the boot details. With a fixed policy this is one
   * statement; a policy function is shown the station as stored before.
   */
  async boot(stationId: string, version: OcppVersion, info: BootInfo, nowMs: number): Promise<BootDecision> {
    const policy = this.#bootPolicy;
    const strict = this.registration === 'strict';
    if (typeof policy !== 'function') {
      const written = await this.#storeBoot(
        stationId,
        version,
        policy,
        info,
        nowMs,
        strict ? 'update' : 'upsert',
      );
      return written ? { status: policy } : UNREGISTERED;
    }
    const known = await this.get(stationId);
    if (known === undefined && strict) return UNREGISTERED;
    const status = await policy({ stationId, version, info, known });
    await this.#storeBoot(stationId, version, status, info, nowMs, 'upsert');
    return { status };
  }

  /** Writes the boot details; `update` only touches a registered station. Returns whether a row was written. */
  async #storeBoot(
    stationId: string,
    version: OcppVersion,
    status: RegistrationStatus,
    info: BootInfo,
    nowMs: number,
    mode: 'upsert' | 'update',
  ): Promise<boolean> {
    await this.flush();
    const set = `ocpp_version = $2, registration_status = $3, vendor = $4, model = $5, serial_number = $6,
        firmware_version = $7, iccid = $8, imsi = $9, meter_type = $10, meter_serial_number = $11,
        last_boot_at = $12, last_seen_at = $12, updated_at = $12`;
    const sql =
      mode === 'upsert'
        ? `INSERT INTO stations (id, ocpp_version, registration_status, vendor, model, serial_number, firmware_version,
              iccid, imsi, meter_type, meter_serial_number, last_boot_at, last_seen_at, created_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12, $12, $12)
           ON CONFLICT (id) DO UPDATE SET ${set} RETURNING id`
        : `UPDATE stations SET ${set} WHERE id = $1 RETURNING id`;
    const { rowCount } = await this.#store.query(sql, [
      stationId,
      version,
      status,
      info.vendor,
      info.model,
      info.serialNumber ?? null,
      info.firmwareVersion ?? null,
      info.iccid ?? null,
      info.imsi ?? null,
      info.meterType ?? null,
      info.meterSerialNumber ?? null,
      new Date(nowMs),
    ]);
    return rowCount > 0;
  }

  /** Records a heartbeat. */
  async heartbeat(stationId: string, nowMs: number): Promise<void> {
    if (this.#writer !== undefined) {
      this.#writer.add({ kind: 'heartbeat', stationId, atMs: nowMs });
      return;
    }
    const at = new Date(nowMs);
    await this.#store.query(
      'UPDATE stations SET last_heartbeat_at = $2, last_seen_at = $2, updated_at = $2 WHERE id = $1',
      [stationId, at],
    );
  }

  /** Stores a connector's status (the latest per connector wins by status time). */
  async setConnectorStatus(
    stationId: string,
    status: Omit<ConnectorStatus, 'statusAtMs'> & { statusAtMs: number },
    nowMs: number,
  ): Promise<void> {
    if (this.#writer !== undefined) {
      this.#writer.add({ kind: 'status', stationId, status, nowMs });
      return;
    }
    await this.#store.query(
      `INSERT INTO connectors (station_id, evse_id, connector_id, status, error_code, info, vendor_error_code,
          status_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (station_id, evse_id, connector_id) DO UPDATE SET status = $4, error_code = $5, info = $6,
          vendor_error_code = $7, status_at = $8, updated_at = $9
        WHERE connectors.status_at <= $8`,
      [
        stationId,
        status.evseId,
        status.connectorId,
        status.status,
        status.errorCode,
        status.info,
        status.vendorErrorCode,
        new Date(status.statusAtMs),
        new Date(nowMs),
      ],
    );
  }

  /** Latest status of every connector of a station. */
  async connectors(stationId: string): Promise<ConnectorStatus[]> {
    await this.flush();
    const { rows } = await this.#store.query<{
      evse_id: number;
      connector_id: number;
      status: string;
      error_code: string | null;
      info: string | null;
      vendor_error_code: string | null;
      status_at: Date;
    }>(
      `SELECT evse_id, connector_id, status, error_code, info, vendor_error_code, status_at
         FROM connectors WHERE station_id = $1 ORDER BY evse_id, connector_id`,
      [stationId],
    );
    return rows.map((r) => ({
      evseId: r.evse_id,
      connectorId: r.connector_id,
      status: r.status,
      errorCode: r.error_code,
      info: r.info,
      vendorErrorCode: r.vendor_error_code,
      statusAtMs: r.status_at.getTime(),
    }));
  }
}
