import { RpcEndpoint } from '../../../common/rpc-endpoint.js';
import { siteMeterSampledValues } from '../../../common/site-meter-measurands.js';
import type { SiteMeterReading } from '../../../common/site-meter.js';
import type { Connection } from '../../../common/transport.js';
import type {
  StopTransactionRequest,
  V16CsmsToStation,
  V16StationToCsms,
} from '../../../schemas/types/ocpp16.js';
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
import { registerV16FirmwareHandlers } from '../../firmware/v16-firmware-handlers.js';
import { stationFirmware } from '../../firmware/station-firmware.js';
import { registerV16Handlers } from './v16-handlers.js';
import { toV16MeterValue } from './v16-meter-values.js';

/** The station's end of a 1.6 connection. */
export type V16StationEndpoint = RpcEndpoint<V16StationToCsms, V16CsmsToStation>;

const REASONS: Record<StopReason, NonNullable<StopTransactionRequest['reason']>> = {
  Local: 'Local',
  Remote: 'Remote',
  EVDisconnected: 'EVDisconnected',
  EVFull: 'Other',
  DeAuthorized: 'DeAuthorized',
  HardReset: 'HardReset',
  SoftReset: 'SoftReset',
  UnlockCommand: 'UnlockCommand',
  PowerLoss: 'PowerLoss',
  Other: 'Other',
};

/**
 * OCPP 1.6-J for the station: StartTransaction/MeterValues/StopTransaction for transactions,
 * StatusNotification for every connector status change (connector 0 for the station itself).
 */
export class V16Protocol implements StationProtocol {
  readonly version = '1.6' as const;
  #endpoint: V16StationEndpoint | undefined;

  constructor(
    private readonly options: ProtocolOptions,
    private readonly host: ProtocolHost,
  ) {}

  attach(connection: Connection): ProtocolLink {
    const o = this.options;
    const endpoint: V16StationEndpoint = new RpcEndpoint({
      connection,
      version: '1.6',
      side: 'station',
      clock: o.clock,
      validator: o.validator,
      callTimeoutMs: o.callTimeoutMs,
      ...(o.tap === undefined ? {} : { tap: o.tap }),
      ...(o.count === undefined ? {} : { count: o.count }),
    });
    registerV16Handlers(endpoint, this.host);
    registerV16FirmwareHandlers(endpoint, this.host);
    this.#endpoint = endpoint;
    return endpoint;
  }

  #ep(): V16StationEndpoint {
    const ep = this.#endpoint;
    if (ep === undefined) throw new Error(`station ${this.options.stationId} is not connected`);
    return ep;
  }

  async bootNotification(_reason: BootReason): Promise<BootResult> {
    const id = this.options.identity;
    const res = await this.#ep().call('BootNotification', {
      chargePointVendor: id.vendor,
      chargePointModel: id.model,
      chargePointSerialNumber: id.serialNumber,
      chargeBoxSerialNumber: id.serialNumber,
      firmwareVersion: stationFirmware(this.host).installedVersion,
    });
    return { status: res.status, intervalS: res.interval, csmsTimeMs: Date.parse(res.currentTime) };
  }

  heartbeat(): OutboxMessage {
    return {
      action: 'Heartbeat',
      transactional: false,
      send: () =>
        this.#ep()
          .call('Heartbeat', {})
          .then(() => undefined),
    };
  }

  firmwareStatusIdle(): OutboxMessage {
    return {
      action: 'FirmwareStatusNotification',
      transactional: false,
      send: () =>
        this.#ep()
          .call('FirmwareStatusNotification', { status: 'Idle' })
          .then(() => undefined),
    };
  }

  statusNotification(evseId: number, status: ConnectorStatus): OutboxMessage {
    const payload = {
      connectorId: evseId,
      errorCode: 'NoError' as const,
      status,
      timestamp: isoInstant(this.options.clock.now()),
    };
    return {
      action: 'StatusNotification',
      transactional: false,
      send: () =>
        this.#ep()
          .call('StatusNotification', payload)
          .then(() => undefined),
    };
  }

  async authorize(idTag: string): Promise<AuthorizationStatus> {
    const res = await this.#ep().call('Authorize', { idTag });
    return res.idTagInfo.status;
  }

  transactionEvent(e: TxEvent): OutboxMessage | undefined {
    const tx = e.tx;
    const connectorId = tx.evseId;
    switch (e.kind) {
      case 'started': {
        const payload = {
          connectorId,
          idTag: tx.idTag,
          meterStart: tx.meterStartWh,
          timestamp: isoInstant(e.timeMs),
        };
        return {
          action: 'StartTransaction',
          transactional: true,
          send: async () => {
            const res = await this.#ep().call('StartTransaction', payload);
            tx.transactionId = String(res.transactionId);
            e.onIdTagStatus?.(res.idTagInfo.status);
          },
        };
      }
      case 'updated': {
        if (e.samples.length === 0) return undefined;
        const meterValue = e.samples.map(toV16MeterValue);
        return {
          action: 'MeterValues',
          transactional: true,
          send: async () => {
            await this.#ep().call(
              'MeterValues',
              tx.transactionId === undefined
                ? { connectorId, meterValue }
                : { connectorId, transactionId: Number(tx.transactionId), meterValue },
            );
          },
        };
      }
      case 'ended': {
        const base = {
          idTag: tx.idTag,
          meterStop: tx.meterStopWh ?? tx.meterStartWh,
          timestamp: isoInstant(e.timeMs),
          reason: REASONS[tx.stopReason ?? 'Other'],
          transactionData: e.samples.map(toV16MeterValue),
        };
        return {
          action: 'StopTransaction',
          transactional: true,
          send: async () => {
            if (tx.transactionId === undefined) {
              throw new Error(`StopTransaction of ${tx.localId}: the CSMS never gave it a transactionId`);
            }
            const res = await this.#ep().call('StopTransaction', {
              ...base,
              transactionId: Number(tx.transactionId),
            });
            if (res.idTagInfo !== undefined) e.onIdTagStatus?.(res.idTagInfo.status);
          },
        };
      }
    }
  }

  meterValues(evseId: number, samples: readonly NeutralSample[]): OutboxMessage {
    const meterValue = samples.map(toV16MeterValue);
    return {
      action: 'MeterValues',
      transactional: false,
      send: () =>
        this.#ep()
          .call('MeterValues', { connectorId: evseId, meterValue })
          .then(() => undefined),
    };
  }

  siteMeterValues(reading: SiteMeterReading, ownEvPowerW: number): OutboxMessage {
    const sampledValue = siteMeterSampledValues(reading, '1.6', { ownEvPowerW }).map((v) => ({ ...v }));
    const timestamp = isoInstant(this.options.clock.now());
    return {
      action: 'MeterValues',
      transactional: false,
      send: () =>
        this.#ep()
          .call('MeterValues', { connectorId: 0, meterValue: [{ timestamp, sampledValue }] })
          .then(() => undefined),
    };
  }
}
