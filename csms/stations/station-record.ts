import type { OcppVersion } from '../../common/ocpp-version.js';

/** What a station told about itself at boot. */
export interface BootInfo {
  readonly vendor: string;
  readonly model: string;
  readonly serialNumber?: string;
  readonly firmwareVersion?: string;
  readonly iccid?: string;
  readonly imsi?: string;
  readonly meterType?: string;
  readonly meterSerialNumber?: string;
  /** 2.0.1 boot reason. */
  readonly reason?: string;
}

/** The answer to a BootNotification. */
export type RegistrationStatus = 'Accepted' | 'Pending' | 'Rejected';

/** Latest status of one connector. */
export interface ConnectorStatus {
  readonly evseId: number;
  readonly connectorId: number;
  readonly status: string;
  readonly errorCode: string | null;
  readonly info: string | null;
  readonly vendorErrorCode: string | null;
  readonly statusAtMs: number;
}

/** A station as the store keeps it. Times are epoch ms. */
export interface StationRecord {
  readonly id: string;
  readonly version: OcppVersion | null;
  readonly registrationStatus: RegistrationStatus;
  readonly vendor: string | null;
  readonly model: string | null;
  readonly serialNumber: string | null;
  readonly firmwareVersion: string | null;
  readonly iccid: string | null;
  readonly imsi: string | null;
  readonly meterType: string | null;
  readonly meterSerialNumber: string | null;
  readonly lastBootAtMs: number | null;
  readonly lastHeartbeatAtMs: number | null;
  readonly lastSeenAtMs: number | null;
  readonly connectedAtMs: number | null;
  readonly disconnectedAtMs: number | null;
  readonly createdAtMs: number;
}

/** A `stations` row as the drivers return it. */
export interface StationRow {
  id: string;
  ocpp_version: string | null;
  registration_status: string;
  vendor: string | null;
  model: string | null;
  serial_number: string | null;
  firmware_version: string | null;
  iccid: string | null;
  imsi: string | null;
  meter_type: string | null;
  meter_serial_number: string | null;
  last_boot_at: Date | null;
  last_heartbeat_at: Date | null;
  last_seen_at: Date | null;
  connected_at: Date | null;
  disconnected_at: Date | null;
  created_at: Date;
}

const ms = (d: Date | null): number | null => (d === null ? null : d.getTime());

/** Maps a row to a record. */
export function stationFromRow(row: StationRow): StationRecord {
  return {
    id: row.id,
    version: row.ocpp_version === '1.6' || row.ocpp_version === '2.0.1' ? row.ocpp_version : null,
    registrationStatus: row.registration_status as RegistrationStatus,
    vendor: row.vendor,
    model: row.model,
    serialNumber: row.serial_number,
    firmwareVersion: row.firmware_version,
    iccid: row.iccid,
    imsi: row.imsi,
    meterType: row.meter_type,
    meterSerialNumber: row.meter_serial_number,
    lastBootAtMs: ms(row.last_boot_at),
    lastHeartbeatAtMs: ms(row.last_heartbeat_at),
    lastSeenAtMs: ms(row.last_seen_at),
    connectedAtMs: ms(row.connected_at),
    disconnectedAtMs: ms(row.disconnected_at),
    createdAtMs: row.created_at.getTime(),
  };
}
