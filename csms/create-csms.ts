import { createServer } from 'node:http';
import type { Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TransportServer } from '../common/transport.js';
import { TypedEvents } from '../common/typed-events.js';
import { VirtualClock } from '../common/virtual-clock.js';
import { defaultValidator } from '../schemas/validator.js';
import { createApi } from './api/create-api.js';
import type { Csms, CsmsLogger, CsmsOptions } from './csms-options.js';
import { AuthorizationService } from './auth/authorization-service.js';
import { UserStore } from './auth/user-store.js';
import { CommandService } from './commands/command-service.js';
import type { CsmsEvents } from './csms-events.js';
import type { CsmsServices } from './handlers/handler-context.js';
import { MessageLog } from './log/message-log.js';
import { MeterStore } from './meter/meter-store.js';
import { OcppServer } from './server/ocpp-server.js';
import { ReportStore } from './stations/report-store.js';
import { StationService } from './stations/station-service.js';
import { migrate } from './store/migrations.js';
import { openStore } from './store/open-store.js';
import type { Store } from './store/store.js';
import { TransactionService } from './transactions/transaction-service.js';

export type { Csms, CsmsLogger, CsmsOptions } from './csms-options.js';

const SILENT: CsmsLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

function positive(name: string, value: number | undefined, fallback: number): number {
  const v = value ?? fallback;
  if (!Number.isFinite(v) || v <= 0) throw new Error(`${name} must be a positive number, got ${value}`);
  return v;
}

/**
 * Batching of the CSMS's background writes in virtual time: five simulated minutes or 2,000 rows,
 * a fraction of a second of wall time. In real time each writer keeps its own (rows stored within
 * about a second).
 */
const VIRTUAL_TIME_BATCH = { maxRows: 2_000, maxDelayMs: 300_000 };

/**
 * Builds the reference CSMS: OCPP 1.6-J and 2.0.1 over the given transport, the REST API on the
 * same HTTP server, persistence in the store. Bad options throw here, saying what to change.
 */
export function createCsms(options: CsmsOptions): Csms {
  const clock = options.clock;
  const heartbeatIntervalS = Math.round(positive('heartbeatIntervalS', options.heartbeatIntervalS, 300));
  const bootRetryIntervalS = Math.round(positive('bootRetryIntervalS', options.bootRetryIntervalS, 60));
  const callTimeoutMs = positive('callTimeoutMs', options.callTimeoutMs, 30_000);
  const registration = options.registration ?? 'auto';
  if (registration !== 'auto' && registration !== 'strict') {
    throw new Error(`registration must be 'auto' or 'strict', got ${String(registration)}`);
  }
  const strictness = options.strictness ?? 'reject';
  if (strictness !== 'reject' && strictness !== 'record') {
    throw new Error(`strictness must be 'reject' or 'record', got ${String(strictness)}`);
  }
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`port must be an integer from 0 to 65535, got ${port}`);
  }
  const host = options.host ?? '127.0.0.1';
  const logger = options.logger ?? SILENT;
  const tracker = options.tracker ?? (clock instanceof VirtualClock ? clock.tracker : undefined);
  // In virtual time a simulated minute passes in milliseconds: batches wait longer in clock time
  // and grow larger, so the database writes a few big pages instead of many small ones.
  const batch = { ...(tracker === undefined ? {} : VIRTUAL_TIME_BATCH), ...options.batch };
  const validator = options.validator ?? defaultValidator();
  const events = new TypedEvents<CsmsEvents>((error, event) => {
    logger.error(`a listener of ${String(event)} failed: ${String(error)}`);
  });
  events.on('error', ({ where, error }) =>
    logger.error(`${where}: ${error instanceof Error ? error.message : String(error)}`),
  );

  let started:
    | {
        store: Store;
        ownsStore: boolean;
        services: CsmsServices;
        server: OcppServer;
        messages: MessageLog;
        commands: CommandService;
        http: HttpServer;
        transportServer: TransportServer;
        httpUrl: string;
      }
    | undefined;
  let stopping: Promise<void> | undefined;

  const need = <T>(what: string, get: (s: NonNullable<typeof started>) => T): T => {
    if (started === undefined) throw new Error(`${what} is available after start()`);
    return get(started);
  };

  async function start(): Promise<void> {
    if (started !== undefined) throw new Error('the CSMS is already started');
    const given = options.store;
    const ownsStore = given === undefined || !('query' in given);
    const store: Store = ownsStore
      ? await openStore({
          ...(given?.dataDir === undefined ? {} : { dataDir: given.dataDir }),
          ...(given?.databaseUrl === undefined ? {} : { databaseUrl: given.databaseUrl }),
          // In real time nothing waits on the order of database answers: the embedded database
          // answers on its own thread while this one goes on with frames.
          ...(tracker === undefined ? { ordering: 'concurrent' as const } : { tracker }),
        })
      : given;
    if (!ownsStore) await migrate(store);
    const onBatchError = (where: string) => (error: unknown) => events.emit('error', { where, error });
    const meter = new MeterStore({
      store,
      clock,
      ...batch,
      onError: onBatchError('writing meter values'),
    });
    const messages = new MessageLog({
      store,
      clock,
      ...batch,
      onError: onBatchError('writing the message log'),
    });
    const hooks = [...(options.endHooks ?? [])];
    if (options.onTransactionEnded !== undefined) {
      hooks.push({ name: 'onTransactionEnded', onTransactionEnded: options.onTransactionEnded });
    }
    const transactions = new TransactionService({
      store,
      meter,
      hooks,
      progress: { clock, ...batch, onError: onBatchError('writing transaction progress') },
      onHookError: (tx, hook, error) => {
        events.emit('transaction.endHookFailed', {
          transactionId: tx.id,
          hook,
          error: error instanceof Error ? error.message : String(error),
        });
        events.emit('error', { where: `end hook ${hook} of transaction ${tx.id}`, error });
      },
    });
    const stations = new StationService({
      store,
      registration,
      ...(options.bootPolicy === undefined ? {} : { bootPolicy: options.bootPolicy }),
      batch: { clock, ...batch, onError: onBatchError('writing station heartbeats and statuses') },
    });
    const services: CsmsServices = {
      clock,
      store,
      stations,
      auth: new AuthorizationService(store),
      transactions,
      meter,
      reports: new ReportStore(store),
      events,
      heartbeatIntervalS,
      bootRetryIntervalS,
    };
    const server = new OcppServer({
      services,
      validator,
      strictness,
      callTimeoutMs,
      ...(options.maxFrameBytes === undefined ? {} : { maxFrameBytes: options.maxFrameBytes }),
      tap: (record) => {
        messages.record(record);
        events.emit('frame', record);
      },
    });
    const commands = new CommandService({
      clock,
      server,
      stations,
      transactions,
      validator,
      events,
      callTimeoutMs,
    });
    const app = createApi(
      {
        clock,
        store,
        stations,
        transactions,
        meter,
        messages,
        server,
        commands,
        users: new UserStore(store),
        callTimeoutMs,
      },
      (error) => events.emit('error', { where: 'REST API', error }),
      options.extendApi?.(services) ?? [],
      options.extendApp?.(services) ?? [],
    );
    const http = createServer(app);
    try {
      await new Promise<void>((resolve, reject) => {
        http.once('error', reject);
        http.listen(port, host, () => {
          http.off('error', reject);
          resolve();
        });
      });
    } catch (error) {
      if (ownsStore) await store.close();
      const code = (error as NodeJS.ErrnoException).code;
      throw new Error(
        code === 'EADDRINUSE'
          ? `port ${port} on ${host} is in use: choose another --port or stop the process using it`
          : `cannot listen on ${host}:${port}: ${(error as Error).message}`,
        { cause: error },
      );
    }
    const address = http.address() as AddressInfo;
    const shownHost = address.address.includes(':') ? `[${address.address}]` : address.address;
    const transportServer = await options.transport.listen({
      httpServer: http,
      protocols: ['ocpp2.0.1', 'ocpp1.6'],
      ...(options.maxFrameBytes === undefined ? {} : { maxFrameBytes: options.maxFrameBytes }),
      name: `csms-${address.port}`,
    });
    server.attach(transportServer);
    started = {
      store,
      ownsStore,
      services,
      server,
      messages,
      commands,
      http,
      transportServer,
      httpUrl: `http://${shownHost}:${address.port}`,
    };
    logger.info(
      `CSMS listening: OCPP ${transportServer.url}/{stationId}, REST ${started.httpUrl}/api (store: ${store.driver} ${store.location})`,
    );
  }

  /** Writes what every batch writer of the CSMS holds: meter values, log, progress, station state. */
  async function writeBuffered(s: NonNullable<typeof started>): Promise<void> {
    await Promise.all([
      s.services.meter.flush(),
      s.messages.flush(),
      s.services.transactions.flush(),
      s.services.stations.flush(),
    ]);
  }

  async function stop(): Promise<void> {
    if (started === undefined) return;
    const s = started;
    stopping ??= (async () => {
      await s.transportServer.close();
      await s.server.stop();
      await new Promise<void>((resolve) => {
        s.http.close(() => resolve());
        s.http.closeAllConnections();
      });
      let flushError: Error | undefined;
      await writeBuffered(s).catch((error: unknown) => {
        flushError = error instanceof Error ? error : new Error(JSON.stringify(error));
      });
      if (s.ownsStore) await s.store.close();
      started = undefined;
      stopping = undefined;
      logger.info('CSMS stopped');
      if (flushError !== undefined)
        throw new Error(`buffered rows could not be written at stop: ${String(flushError)}`);
    })();
    return stopping;
  }

  return {
    start,
    stop,
    get httpUrl() {
      return need('httpUrl', (s) => s.httpUrl);
    },
    get ocppUrl() {
      return need('ocppUrl', (s) => s.transportServer.url);
    },
    events,
    get store() {
      return need('store', (s) => s.store);
    },
    get services() {
      return need('services', (s) => s.services);
    },
    sendCommand: (stationId, action, payload, opts) =>
      need('sendCommand', (s) => s.commands).send(stationId, action, payload, opts),
    connectionState: (stationId) => need('connectionState', (s) => s.server.stateOf(stationId)),
    flush: () => writeBuffered(need('flush', (x) => x)),
  };
}
