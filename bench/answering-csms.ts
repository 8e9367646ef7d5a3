import { pathToFileURL } from 'node:url';
import { RealClock } from '../common/clock.js';
import type { Clock } from '../common/clock.js';
import { versionOf } from '../common/ocpp-version.js';
import { RpcEndpoint } from '../common/rpc-endpoint.js';
import type { Transport } from '../common/transport.js';
import { TypedEvents } from '../common/typed-events.js';
import { createWsTransport } from '../common/ws-transport.js';
import type { CsmsEvents } from '../csms/csms-events.js';
import type { DlbHost } from '../csms/dlb/load-balancer-options.js';
import { emitReadings } from '../csms/handlers/v16/meter-values.js';
import { normaliseV16MeterValues } from '../csms/meter/normalise-v16.js';
import type { V16MeterValue } from '../csms/meter/normalise-v16.js';
import { normaliseV201MeterValues } from '../csms/meter/normalise-v201.js';
import type { V201MeterValue } from '../csms/meter/normalise-v201.js';
import type { TransactionRecord } from '../csms/transactions/transaction-record.js';
import { defaultValidator } from '../schemas/validator.js';

/** A CSMS that only answers, and tells a load balancer (its {@link DlbHost}) what happens. */
export interface AnsweringCsms extends DlbHost {
  readonly url: string;
  close(): Promise<void>;
}

/** What a frame's payload carries that the answers and events need (payloads are schema-valid). */
interface Payload {
  connectorId?: number;
  evseId?: number;
  idTag?: string;
  meterStart?: number;
  meterStop?: number;
  transactionId?: number;
  reason?: string;
  meterValue?: unknown[];
  eventType?: 'Started' | 'Updated' | 'Ended';
  evse?: { id: number; connectorId?: number };
  idToken?: { idToken: string };
  transactionInfo?: { transactionId: string; stoppedReason?: string };
  chargePointVendor?: string;
  chargePointModel?: string;
  chargingStation?: { vendorName: string; model: string };
}

/**
 * A CSMS that only answers: validates every frame (reject mode) and replies with the smallest valid
 * payload, storing nothing. It keeps its running transactions in memory and emits the events a
 * load balancer follows (connections, boots, transaction start and end, meter values), and sends
 * the balancer's commands, so `attachLoadBalancer()` can balance its stations. Measures what the
 * simulator, RPC, validation and load balancing cost without a database.
 */
export async function startAnsweringCsms(
  clock: Clock,
  transport: Transport,
  port: number,
): Promise<AnsweringCsms> {
  const server = await transport.listen({ port, host: '127.0.0.1' });
  const validator = defaultValidator();
  const events = new TypedEvents<CsmsEvents>();
  const endpoints = new Map<string, RpcEndpoint>();
  // Running transactions by station and the station's reference (1.6: the id as text).
  const running = new Map<string, TransactionRecord>();
  let txId = 0;

  server.onConnection((connection) => {
    const version = versionOf(connection.protocol)!;
    const stationId = connection.stationId;
    const ep = new RpcEndpoint({ connection, version, side: 'csms', clock, validator });
    endpoints.set(stationId, ep);
    events.emit('station.connected', { stationId, version, timeMs: clock.now(), replaced: false });
    ep.onClose((code, reason) => {
      if (endpoints.get(stationId) === ep) endpoints.delete(stationId);
      events.emit('station.disconnected', { stationId, version, timeMs: clock.now(), code, reason });
    });
    const now = (): string => new Date(clock.now()).toISOString();
    const accepted =
      version === '1.6' ? { idTagInfo: { status: 'Accepted' } } : { idTokenInfo: { status: 'Accepted' } };
    const start = (ref: string | undefined, evseId: number, connectorId: number, p: Payload): number => {
      const id = ++txId;
      const tx: TransactionRecord = {
        id,
        stationId,
        version,
        transactionRef: ref ?? String(id),
        evseId,
        connectorId,
        idTag: p.idTag ?? p.idToken?.idToken ?? null,
        userId: null,
        status: 'RUNNING',
        startedAtMs: clock.now(),
        endedAtMs: null,
        meterStartWh: p.meterStart ?? null,
        meterStopWh: null,
        energyWh: null,
        stopReason: null,
        lastSeqNo: null,
        amountMinor: null,
        currency: null,
      };
      running.set(`${stationId}|${tx.transactionRef}`, tx);
      events.emit('transaction.started', {
        transactionId: id,
        transactionRef: tx.transactionRef,
        stationId,
        version,
        idTag: tx.idTag,
        meterStartWh: tx.meterStartWh,
        startedAtMs: tx.startedAtMs,
        evseId,
        connectorId,
      });
      return id;
    };
    const end = (ref: string, p: Payload): void => {
      const key = `${stationId}|${ref}`;
      const tx = running.get(key);
      if (tx === undefined) return;
      running.delete(key);
      const reason = p.reason ?? p.transactionInfo?.stoppedReason ?? null;
      const ended = { ...tx, status: 'COMPLETED', endedAtMs: clock.now(), stopReason: reason };
      events.emit('transaction.ended', {
        transactionId: tx.id,
        transactionRef: ref,
        stationId,
        evseId: tx.evseId,
        energyWh: null,
        meterStopWh: p.meterStop ?? null,
        reason,
        endedAtMs: ended.endedAtMs,
        transaction: ended,
      });
    };
    const answers: Record<string, (p: Payload) => unknown> = {
      BootNotification: (p) => {
        events.emit('station.booted', {
          stationId,
          version,
          vendor: p.chargePointVendor ?? p.chargingStation?.vendorName ?? '',
          model: p.chargePointModel ?? p.chargingStation?.model ?? '',
          status: 'Accepted',
          timeMs: clock.now(),
        });
        return { status: 'Accepted', currentTime: now(), interval: 3600 };
      },
      Heartbeat: () => ({ currentTime: now() }),
      StatusNotification: () => ({}),
      MeterValues: (p) => {
        if (version === '1.6') {
          const c = p.connectorId!;
          emitReadings(
            events,
            {
              stationId,
              evseId: c,
              connectorId: c,
              ...(p.transactionId === undefined ? {} : { transactionId: p.transactionId }),
            },
            normaliseV16MeterValues(p.meterValue as V16MeterValue[]),
          );
        } else {
          const e = p.evseId!;
          emitReadings(
            events,
            { stationId, evseId: e, connectorId: e === 0 ? 0 : 1 },
            normaliseV201MeterValues(p.meterValue as V201MeterValue[]),
          );
        }
        return {};
      },
      Authorize: () => accepted,
      StartTransaction: (p) => ({
        transactionId: start(undefined, p.connectorId!, p.connectorId!, p),
        idTagInfo: { status: 'Accepted' },
      }),
      StopTransaction: (p) => {
        end(String(p.transactionId), p);
        return {};
      },
      TransactionEvent: (p) => {
        const ref = p.transactionInfo!.transactionId;
        let tx = running.get(`${stationId}|${ref}`);
        if (tx === undefined && p.eventType !== 'Ended') {
          start(ref, p.evse?.id ?? 0, p.evse?.connectorId ?? 1, p);
          tx = running.get(`${stationId}|${ref}`);
        }
        if (tx !== undefined && p.meterValue !== undefined) {
          emitReadings(
            events,
            { stationId, evseId: tx.evseId, connectorId: tx.connectorId, transactionId: tx.id },
            normaliseV201MeterValues(p.meterValue as V201MeterValue[]),
          );
        }
        if (p.eventType === 'Ended') end(ref, p);
        return {};
      },
    };
    for (const [action, answer] of Object.entries(answers)) ep.handle(action, (p) => answer(p as Payload));
  });
  return {
    url: server.url,
    events,
    sendCommand: (stationId, action, payload) => {
      const ep = endpoints.get(stationId);
      if (ep === undefined) return Promise.reject(new Error(`${stationId} is not connected`));
      return ep.call(action, payload);
    },
    close: () => server.close(),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const csms = await startAnsweringCsms(new RealClock(), createWsTransport(), 0);
  process.stdout.write(`OCPP     ${csms.url}/{stationId}\n`);
  process.on('SIGTERM', () => void csms.close().then(() => process.exit(0)));
}
