import { RpcEndpoint } from '../../../common/rpc-endpoint.js';
import { siteMeterSampledValues } from '../../../common/site-meter-measurands.js';
import type { SiteMeterReading } from '../../../common/site-meter.js';
import type { Connection } from '../../../common/transport.js';
import type {
  ConnectorStatusEnumType,
  IdTokenEnumType,
  ReasonEnumType,
  TransactionEventRequest,
  TransactionType,
  V201CsmsToStation,
  V201StationToCsms,
} from '../../../schemas/types/ocpp201.js';
import { isoInstant } from '../iso-instant.js';
import type { OutboxMessage } from '../outbox.js';
import type {
  BootReason,
  ProtocolHost,
  ProtocolLink,
  ProtocolOptions,
  StationProtocol,
  TxEvent,
} from '../station-protocol.js';
import type {
  AuthorizationStatus,
  BootResult,
  ConnectorStatus,
  NeutralSample,
  StopReason,
} from '../station-types.js';
import { registerV201FirmwareHandlers } from '../../firmware/v201-firmware-handlers.js';
import { stationFirmware } from '../../firmware/station-firmware.js';
import { DeviceModel } from './device-model.js';
import { registerV201Handlers } from './v201-handlers.js';
import { toV201MeterValue } from './v201-meter-values.js';

/** The station's end of a 2.0.1 connection. */
export type V201StationEndpoint = RpcEndpoint<V201StationToCsms, V201CsmsToStation>;

const REASONS: Record<StopReason, ReasonEnumType> = {
  Local: 'Local',
  Remote: 'Remote',
  EVDisconnected: 'EVDisconnected',
  EVFull: 'StoppedByEV',
  DeAuthorized: 'DeAuthorized',
  HardReset: 'ImmediateReset',
  SoftReset: 'Reboot',
  UnlockCommand: 'Other',
  PowerLoss: 'PowerLoss',
  Other: 'Other',
};

const AUTH: Record<string, AuthorizationStatus> = {
  Accepted: 'Accepted',
  Blocked: 'Blocked',
  ConcurrentTx: 'ConcurrentTx',
  Expired: 'Expired',
  Unknown: 'Unknown',
};

const ID_TOKEN_TYPES: readonly string[] = [
  'Central',
  'eMAID',
  'ISO14443',
  'ISO15693',
  'KeyCode',
  'Local',
  'MacAddress',
  'NoAuthorization',
];

/** 2.0.1 connector status of a neutral status. */
export function connectorStatusOf(status: ConnectorStatus): ConnectorStatusEnumType {
  switch (status) {
    case 'Available':
    case 'Reserved':
    case 'Unavailable':
    case 'Faulted':
      return status;
    default:
      return 'Occupied';
  }
}

function idTokenType(type: string | undefined): IdTokenEnumType {
  return type !== undefined && ID_TOKEN_TYPES.includes(type) ? (type as IdTokenEnumType) : 'ISO14443';
}

/** The transactionInfo of a TransactionEvent (the charging state only with Started, Ended or a change). */
function transactionInfoOf(e: TxEvent): TransactionType {
  const tx = e.tx;
  const info: TransactionType = { transactionId: tx.localId };
  if (e.kind !== 'updated' || e.chargingStateChanged === true) info.chargingState = tx.chargingState;
  if (e.kind === 'started' && tx.remoteStartId !== undefined) info.remoteStartId = tx.remoteStartId;
  if (e.kind === 'ended') info.stoppedReason = REASONS[tx.stopReason ?? 'Other'];
  return info;
}

/**
 * OCPP 2.0.1 for the station: TransactionEvent (Started/Updated/Ended with seqNo and trigger
 * reasons), connector-level StatusNotification (Available/Occupied/...), the device model.
 */
export class V201Protocol implements StationProtocol {
  readonly version = '2.0.1' as const;
  #endpoint: V201StationEndpoint | undefined;
  #deviceModel: DeviceModel | undefined;
  /** Last connector status reported per EVSE (2.0.1 only reports connector-level changes). */
  readonly #reported = new Map<number, ConnectorStatusEnumType>();

  constructor(
    private readonly options: ProtocolOptions,
    private readonly host: ProtocolHost,
  ) {}

  /** The device model (built on first use, once the station exists). */
  get deviceModel(): DeviceModel {
    this.#deviceModel ??= new DeviceModel(this.host.context);
    return this.#deviceModel;
  }

  attach(connection: Connection): ProtocolLink {
    const o = this.options;
    const endpoint: V201StationEndpoint = new RpcEndpoint({
      connection,
      version: '2.0.1',
      side: 'station',
      clock: o.clock,
      validator: o.validator,
      callTimeoutMs: o.callTimeoutMs,
      ...(o.tap === undefined ? {} : { tap: o.tap }),
      ...(o.count === undefined ? {} : { count: o.count }),
    });
    registerV201Handlers(endpoint, this.host, this);
    registerV201FirmwareHandlers(endpoint, this.host);
    this.#endpoint = endpoint;
    this.#reported.clear();
    return endpoint;
  }

  /** The endpoint of the current connection. @throws when not connected */
  endpoint(): V201StationEndpoint {
    const ep = this.#endpoint;
    if (ep === undefined) throw new Error(`station ${this.options.stationId} is not connected`);
    return ep;
  }

  async bootNotification(reason: BootReason): Promise<BootResult> {
    const id = this.options.identity;
    const res = await this.endpoint().call('BootNotification', {
      chargingStation: {
        vendorName: id.vendor,
        model: id.model,
        serialNumber: id.serialNumber,
        firmwareVersion: stationFirmware(this.host).installedVersion,
      },
      reason,
    });
    return { status: res.status, intervalS: res.interval, csmsTimeMs: Date.parse(res.currentTime) };
  }

  heartbeat(): OutboxMessage {
    return {
      action: 'Heartbeat',
      transactional: false,
      send: () =>
        this.endpoint()
          .call('Heartbeat', {})
          .then(() => undefined),
    };
  }

  firmwareStatusIdle(): OutboxMessage {
    return {
      action: 'FirmwareStatusNotification',
      transactional: false,
      send: () =>
        this.endpoint()
          .call('FirmwareStatusNotification', { status: 'Idle' })
          .then(() => undefined),
    };
  }

  statusNotification(evseId: number, status: ConnectorStatus, triggered = false): OutboxMessage | undefined {
    if (evseId === 0) return undefined;
    const connectorStatus = connectorStatusOf(status);
    if (!triggered && this.#reported.get(evseId) === connectorStatus) return undefined;
    this.#reported.set(evseId, connectorStatus);
    const payload = {
      timestamp: isoInstant(this.options.clock.now()),
      connectorStatus,
      evseId,
      connectorId: 1,
    };
    return {
      action: 'StatusNotification',
      transactional: false,
      send: () =>
        this.endpoint()
          .call('StatusNotification', payload)
          .then(() => undefined),
    };
  }

  async authorize(idTag: string): Promise<AuthorizationStatus> {
    const res = await this.endpoint().call('Authorize', { idToken: { idToken: idTag, type: 'ISO14443' } });
    return AUTH[res.idTokenInfo.status] ?? 'Invalid';
  }

  transactionEvent(e: TxEvent): OutboxMessage | undefined {
    const tx = e.tx;
    const eventType = e.kind === 'started' ? 'Started' : e.kind === 'updated' ? 'Updated' : 'Ended';
    const payload: TransactionEventRequest = {
      eventType,
      timestamp: isoInstant(e.timeMs),
      triggerReason: e.trigger,
      seqNo: tx.seqNo++,
      transactionInfo: transactionInfoOf(e),
    };
    if (e.offline) payload.offline = true;
    if (e.samples.length > 0) payload.meterValue = e.samples.map(toV201MeterValue);
    if (e.kind === 'started') {
      payload.evse = { id: tx.evseId, connectorId: 1 };
      payload.idToken = { idToken: tx.idTag, type: idTokenType(tx.idTokenType) };
    }
    return {
      action: 'TransactionEvent',
      transactional: true,
      send: async () => {
        const res = await this.endpoint().call('TransactionEvent', payload);
        const status = res.idTokenInfo?.status;
        if (status !== undefined) e.onIdTagStatus?.(AUTH[status] ?? 'Invalid');
      },
    };
  }

  meterValues(evseId: number, samples: readonly NeutralSample[]): OutboxMessage {
    const meterValue = samples.map(toV201MeterValue);
    return {
      action: 'MeterValues',
      transactional: false,
      send: () =>
        this.endpoint()
          .call('MeterValues', { evseId, meterValue })
          .then(() => undefined),
    };
  }

  siteMeterValues(reading: SiteMeterReading, ownEvPowerW: number): OutboxMessage {
    const sampledValue = siteMeterSampledValues(reading, '2.0.1', { ownEvPowerW });
    const timestamp = isoInstant(this.options.clock.now());
    return {
      action: 'MeterValues',
      transactional: false,
      send: () =>
        this.endpoint()
          .call('MeterValues', { evseId: 0, meterValue: [{ timestamp, sampledValue }] })
          .then(() => undefined),
    };
  }
}
