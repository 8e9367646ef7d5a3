import type { Router } from 'express';
import type { ActivityTracker } from '../common/activity-tracker.js';
import type { Clock } from '../common/clock.js';
import type { FrameValidator } from '../common/rpc-types.js';
import type { Transport } from '../common/transport.js';
import type { TypedEvents } from '../common/typed-events.js';
import type { CommandResult } from './commands/command-service.js';
import type { CsmsEvents } from './csms-events.js';
import type { CsmsServices } from './handlers/handler-context.js';
import type { ConnectionState } from './server/station-session.js';
import type { BootPolicy, RegistrationMode } from './stations/station-service.js';
import type { Queryable, Store } from './store/store.js';
import type { TransactionRecord } from './transactions/transaction-record.js';
import type { TransactionEndHook } from './transactions/transaction-service.js';

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
  /**
   * Batching of meter values, the message log, 2.0.1 transaction progress, and station heartbeats and
   * connector statuses: rows per batch and longest delay (clock ms). Default in virtual time 2,000
   * rows or 300,000 ms (five simulated minutes); in real time about a second.
   */
  batch?: { maxRows?: number; maxDelayMs?: number };
  /**
   * Extra REST routers (billing, firmware, …), mounted under `/api` before the built-in routes;
   * called at start with the services.
   */
  extendApi?: (services: CsmsServices) => readonly Router[];
  /**
   * Extra routers mounted at the root of the HTTP server, outside `/api` and its API keys (e.g.
   * firmware downloads for stations); called at start with the services.
   */
  extendApp?: (services: CsmsServices) => readonly Router[];
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
