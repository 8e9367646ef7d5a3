import type { OcppVersion } from '../common/ocpp-version.js';
import type { FrameRecord } from '../common/rpc-types.js';
import type { MeterSample } from './meter/meter-sample.js';
import type { TransactionRecord } from './transactions/transaction-record.js';

/**
 * Where a connector sits. `evseId` is the unit limits and transactions apply to: the 1.6
 * connectorId, or the 2.0.1 evseId. `connectorId` is the 1.6 connectorId again, or the 2.0.1
 * connector within the EVSE. `0`/`0` is the station as a whole.
 */
export interface ConnectorRef {
  readonly evseId: number;
  readonly connectorId: number;
}

/** Events the CSMS emits, by name. Payload times are clock epoch ms. */
export interface CsmsEvents extends Record<string, unknown> {
  'station.connected': { stationId: string; version: OcppVersion; timeMs: number; replaced: boolean };
  'station.disconnected': {
    stationId: string;
    version: OcppVersion;
    timeMs: number;
    code: number;
    reason: string;
  };
  /** No message from a connected station within heartbeat interval + grace. */
  'station.stale': { stationId: string; timeMs: number; lastSeenMs: number };
  'station.booted': {
    stationId: string;
    version: OcppVersion;
    vendor: string;
    model: string;
    serialNumber?: string;
    firmwareVersion?: string;
    status: 'Accepted' | 'Pending' | 'Rejected';
    timeMs: number;
  };
  'connector.status': ConnectorRef & {
    stationId: string;
    status: string;
    errorCode?: string;
    timeMs: number;
  };
  'transaction.started': ConnectorRef & {
    transactionId: number;
    transactionRef: string;
    stationId: string;
    version: OcppVersion;
    idTag: string | null;
    meterStartWh: number | null;
    startedAtMs: number;
  };
  'meter.values': ConnectorRef & {
    stationId: string;
    transactionId?: number;
    samples: readonly MeterSample[];
    timeMs: number;
  };
  'transaction.ended': {
    transactionId: number;
    transactionRef: string;
    stationId: string;
    evseId: number;
    energyWh: number | null;
    meterStopWh: number | null;
    reason: string | null;
    endedAtMs: number;
    transaction: TransactionRecord;
  };
  /** An extension run at transaction end failed; the end itself is kept. */
  'transaction.endHookFailed': { transactionId: number; hook: string; error: string };
  /** A FirmwareStatusNotification (both versions). */
  'firmware.status': { stationId: string; status: string; requestId?: number; timeMs: number };
  /** 2.0.1 NotifyReport part received. */
  'report.part': { stationId: string; requestId: number; seqNo: number; tbc: boolean; reportData: unknown[] };
  frame: FrameRecord;
  /** A failure in background work (a batched write, a listener); the CSMS keeps running. */
  error: { where: string; error: unknown };
}
