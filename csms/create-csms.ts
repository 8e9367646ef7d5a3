import { createServer } from 'node:http';
import type { Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Router } from 'express';
import type { ActivityTracker } from '../common/activity-tracker.js';
import type { Clock } from '../common/clock.js';
import type { FrameValidator } from '../common/rpc-types.js';
import type { Transport, TransportServer } from '../common/transport.js';
import { TypedEvents } from '../common/typed-events.js';
import { VirtualClock } from '../common/virtual-clock.js';
import { defaultValidator } from '../schemas/validator.js';
import { createApi } from './api/create-api.js';
import { AuthorizationService } from './auth/authorization-service.js';
import { UserStore } from './auth/user-store.js';
import { CommandService } from './commands/command-service.js';
import type { CommandResult } from './commands/command-service.js';
import type { CsmsEvents } from './csms-events.js';
import type { CsmsServices } from './handlers/handler-context.js';
import { MessageLog } from './log/message-log.js';
import { MeterStore } from './meter/meter-store.js';
import { OcppServer } from './server/ocpp-server.js';
import type { ConnectionState } from './server/station-session.js';
import { ReportStore } from './stations/report-store.js';
import type { BootPolicy, RegistrationMode } from './stations/station-service.js';
import { StationService } from './stations/station-service.js';
import { migrate } from './store/migrations.js';
import { openStore } from './store/open-store.js';
import type { Queryable, Store } from './store/store.js';
import type { TransactionRecord } from './transactions/transaction-record.js';
import type { TransactionEndHook } from './transactions/transaction-service.js';
import { TransactionService } from './transactions/transaction-service.js';

/** Where the CSMS writes what it has to say; default silent. */
export interface CsmsLogger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** Options of {@link createCsms}. */
export interface CsmsOptions {
  /** All time comes from here (a VirtualClock runs the CSMS in virtual time). */
  clock: Clock;
  /** How stations reach the CSMS (`ws` shares the REST API's HTTP server and port). */
  transport: Transport;
  /**
   * An open store (the caller closes it), or where to open one: PGlite in `dataDir` (`:memory:`
   * or a directory, default `.ocpp-harness/`), or PostgreSQL at `databaseUrl`.
   */
  store?: Store | { dataDir?: string; databaseUrl?: string };
  /** Schema validation of every frame; default the official schemas. */
  validator?: FrameValidator;
  /** HTTP (and ws) port; 0 or absent picks a free one. */
  port?: number;
  /** Interface to listen on. Default 127.0.0.1. */
  host?: string;
  /** Heartbeat interval given to accepted stations, seconds. Default 300. */
  heartbeatIntervalS?: number;
  /** Retry interval given to Pending and Rejected stations, seconds. Default 60. */
  bootRetryIntervalS?: number;
  /** `auto` (default) registers unknown stations at boot; `strict` rejects them. */
  registration?: RegistrationMode;
  /** Answer to BootNotification: a status, or a function of the boot. Default Accepted. */
  bootPolicy?: BootPolicy;
  /** `reject` (default): invalid frames from stations get a CALLERROR; `record`: only logged. */
  strictness?: 'reject' | 'record';
  /** Wait for a station's answer to a command, clock ms. Default 30 000. */
  callTimeoutMs?: number;
  /** Largest accepted frame, bytes. Default 64 KiB. */
  maxFrameBytes?: number;
  /** The run seed. The CSMS makes no random choice today; it is kept for extensions. */
  seed?: string | number;
  logger?: CsmsLogger;
  /** Run inside the database transaction that ends each charging transaction (e.g. billing). */
  endHooks?: readonly TransactionEndHook[];
  /** Shorthand for one end hook. */
  onTransactionEnded?: (tx: TransactionRecord, db: Queryable) => Promise<void>;
  /** Meter value and message log batching: rows per batch and longest delay (clock ms). */
  batch?: { maxRows?: number; maxDelayMs?: number };
  /**
   * Extra REST routers (billing, firmware, …), mounted under `/api` before the built-in routes;
   * called at start with the services.
   */
  extendApi?: (services: CsmsServices) => readonly Router[];
  /** Counts database I/O for virtual time; default the VirtualClock's tracker. */
  tracker?: ActivityTracker;
}

/** A running (or ready to run) CSMS. */
export interface Csms {
  /** Opens the store, migrates it, and starts listening. */
  start(): Promise<void>;
  /** Stops gracefully: no new connections, sockets closed, batched writes flushed, store closed. */
  stop(): Promise<void>;
  /** `http://host:port` (after start). */
  readonly httpUrl: string;
  /** Base URL stations connect to: `ws://host:port/ocpp` (append `/{stationId}`). */
  readonly ocppUrl: string;
  readonly events: TypedEvents<CsmsEvents>;
  /** The store (after start). */
  readonly store: Store;
  /** The services (after start), for extensions running in-process. */
  readonly services: CsmsServices;
  /** Sends a command to a connected station (throws CommandError). */
  sendCommand(
    stationId: string,
    action: string,
    payload: unknown,
    options?: { timeoutMs?: number },
  ): Promise<CommandResult>;
  /** CONNECTED, STALE or DISCONNECTED. */
  connectionState(stationId: string): ConnectionState;
  /** Writes buffered meter values and log frames now. */
  flush(): Promise<void>;
}

const SILENT: CsmsLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

function positive(name: string, value: number | undefined, fallback: number): number {
  const v = value ?? fallback;
  if (!Number.isFinite(v) || v <= 0) throw new Error(`${name} must be a positive number, got ${value}`);
  return v;
}

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
          ...(tracker === undefined ? {} : { tracker }),
        })
      : given;
    if (!ownsStore) await migrate(store);
    const onBatchError = (where: string) => (error: unknown) => events.emit('error', { where, error });
    const meter = new MeterStore({
      store,
      clock,
      ...options.batch,
      onError: onBatchError('writing meter values'),
    });
    const messages = new MessageLog({
      store,
      clock,
      ...options.batch,
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
      await Promise.all([s.services.meter.flush(), s.messages.flush()]).catch((error: unknown) => {
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
    flush: async () => {
      const s = need('flush', (x) => x);
      await Promise.all([s.services.meter.flush(), s.messages.flush()]);
    },
  };
}
