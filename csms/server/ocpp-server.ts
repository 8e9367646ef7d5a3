import type { Clock, TimerHandle } from '../../common/clock.js';
import { OcppError } from '../../common/ocpp-errors.js';
import { versionOf } from '../../common/ocpp-version.js';
import type { OcppVersion } from '../../common/ocpp-version.js';
import { RpcEndpoint } from '../../common/rpc-endpoint.js';
import type { CallContext } from '../../common/rpc-endpoint.js';
import type { ActionMap, FrameRecord, FrameValidator } from '../../common/rpc-types.js';
import type { Connection, ConnectionRequest, TransportServer } from '../../common/transport.js';
import type { CsmsServices, HandlerContext, HandlerMap } from '../handlers/handler-context.js';
import { V16_HANDLERS } from '../handlers/v16/v16-handlers.js';
import { V201_HANDLERS } from '../handlers/v201/v201-handlers.js';
import type { ConnectionState } from './station-session.js';
import { StationSession } from './station-session.js';

/** Seconds of silence beyond the heartbeat interval before a connection counts as stale. */
export const STALE_GRACE_S = 90;

/** Close code sent to a connection that a newer connection of the same station replaces. */
export const REPLACED_CLOSE_CODE = 4000;

/** Options for {@link OcppServer}. */
export interface OcppServerOptions {
  services: CsmsServices;
  validator: FrameValidator;
  strictness: 'reject' | 'record';
  callTimeoutMs: number;
  maxFrameBytes?: number;
  /** Sees every frame (the message log and the `frame` event). */
  tap: (record: FrameRecord) => void;
}

const HANDLERS: Record<OcppVersion, HandlerMap<ActionMap>> = {
  '1.6': V16_HANDLERS as HandlerMap<ActionMap>,
  '2.0.1': V201_HANDLERS as HandlerMap<ActionMap>,
};

/**
 * The OCPP side of the CSMS: accepts station connections, gives each an RPC endpoint with the
 * version's handlers, keeps one session per station (a reconnect replaces the older socket), and
 * follows connection state (CONNECTED, STALE, DISCONNECTED).
 */
export class OcppServer {
  readonly #options: OcppServerOptions;
  readonly #sessions = new Map<string, StationSession>();
  readonly #closing = new Set<Promise<void>>();
  /** Handlers still running: stop() lets them finish before the store closes. */
  readonly #inFlight = new Set<Promise<unknown>>();
  #sweep: TimerHandle | undefined;
  #stopped = false;

  constructor(options: OcppServerOptions) {
    this.#options = options;
  }

  get #clock(): Clock {
    return this.#options.services.clock;
  }

  /** Silence after which a connection is stale, ms. */
  get staleAfterMs(): number {
    return (this.#options.services.heartbeatIntervalS + STALE_GRACE_S) * 1000;
  }

  /** Starts taking connections from `server`. */
  attach(server: TransportServer): void {
    server.onConnection((connection, request) => {
      this.#accept(connection, request).catch((error: unknown) => {
        this.#options.services.events.emit('error', { where: `accepting ${connection.stationId}`, error });
        connection.close(1011, 'internal error').catch(() => undefined);
      });
    });
  }

  /** The open session of a station. */
  session(stationId: string): StationSession | undefined {
    const s = this.#sessions.get(stationId);
    return s?.isOpen === true ? s : undefined;
  }

  /** Connection state of a station now. */
  stateOf(stationId: string): ConnectionState {
    return this.#sessions.get(stationId)?.stateAt(this.#clock.now(), this.staleAfterMs) ?? 'DISCONNECTED';
  }

  /** Stations with an open connection. */
  get connectedCount(): number {
    let n = 0;
    for (const s of this.#sessions.values()) if (s.isOpen) n++;
    return n;
  }

  /** Closes every connection and waits for their bookkeeping and for handlers still running. */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#sweep !== undefined) this.#clock.clearTimer(this.#sweep);
    this.#sweep = undefined;
    await Promise.all([...this.#sessions.values()].map((s) => s.endpoint.close(1001, 'CSMS shutting down')));
    await Promise.all([...this.#closing]);
    await Promise.allSettled([...this.#inFlight]);
  }

  async #accept(connection: Connection, _request: ConnectionRequest): Promise<void> {
    const { services } = this.#options;
    const version = versionOf(connection.protocol);
    if (version === undefined) {
      await connection.close(1002, `subprotocol ${connection.protocol} is not supported`);
      return;
    }
    if (this.#stopped) {
      await connection.close(1001, 'CSMS shutting down');
      return;
    }
    const stationId = connection.stationId;
    const nowMs = this.#clock.now();
    const endpoint = new RpcEndpoint<ActionMap, ActionMap>({
      connection,
      version,
      side: 'csms',
      clock: this.#clock,
      validator: this.#options.validator,
      strictness: this.#options.strictness,
      callTimeoutMs: this.#options.callTimeoutMs,
      ...(this.#options.maxFrameBytes === undefined ? {} : { maxFrameBytes: this.#options.maxFrameBytes }),
      tap: (record) => {
        if (record.direction === 'station->csms') {
          const s = this.#sessions.get(stationId);
          if (s?.endpoint === endpoint) {
            s.lastSeenMs = record.timeMs;
            s.staleReported = false;
          }
        }
        this.#options.tap(record);
      },
      onHandlerError: (error, ctx) =>
        services.events.emit('error', { where: `${ctx.action} from ${ctx.stationId}`, error }),
    });
    // Handlers are registered before anything async so that no early frame goes unanswered.
    for (const [action, handler] of Object.entries(HANDLERS[version])) {
      if (handler === undefined) continue;
      endpoint.handle(action, async (payload: unknown, call: CallContext) => {
        const s = await ready;
        if (!s.admitted && action !== 'BootNotification') {
          throw OcppError.of(version, 'security', s.refusal ?? `station ${stationId} is not accepted`);
        }
        const ctx: HandlerContext = {
          services,
          stationId,
          version,
          receivedAtMs: call.receivedAtMs,
          messageId: call.messageId,
        };
        const running = handler(payload, ctx);
        this.#inFlight.add(running);
        const response = await running.finally(() => this.#inFlight.delete(running));
        if (action === 'BootNotification') {
          const status = (response as { status?: string }).status;
          s.admitted = status !== 'Rejected';
          s.refusal = s.admitted
            ? undefined
            : `station ${stationId} was rejected at boot: send BootNotification again`;
        }
        return response;
      });
    }
    const ready = (async (): Promise<StationSession> => {
      const admission = await services.stations.connected(stationId, version, nowMs);
      return new StationSession(stationId, version, endpoint, nowMs, admission);
    })();
    const session = await ready;
    const previous = this.#sessions.get(stationId);
    this.#sessions.set(stationId, session);
    const replaced = previous?.isOpen === true;
    if (replaced) {
      previous.markClosed();
      previous.endpoint.close(REPLACED_CLOSE_CODE, 'replaced by a new connection').catch(() => undefined);
    }
    const current = session;
    endpoint.onClose((code, reason) => {
      current.markClosed();
      if (this.#sessions.get(stationId) !== current) return;
      const closedAtMs = this.#clock.now();
      const done = services.stations
        .disconnected(stationId, closedAtMs, current.lastSeenMs)
        .catch((error: unknown) =>
          services.events.emit('error', { where: `disconnect of ${stationId}`, error }),
        )
        .finally(() => this.#closing.delete(done));
      this.#closing.add(done);
      services.events.emit('station.disconnected', { stationId, version, timeMs: closedAtMs, code, reason });
    });
    if (!connection.isOpen) return;
    services.events.emit('station.connected', { stationId, version, timeMs: nowMs, replaced });
    this.#armSweep();
  }

  /** Checks for stale connections while any station is connected. */
  #armSweep(): void {
    if (this.#sweep !== undefined || this.#stopped) return;
    this.#sweep = this.#clock.setTimer(
      () => {
        this.#sweep = undefined;
        const nowMs = this.#clock.now();
        for (const s of this.#sessions.values()) {
          if (!s.staleReported && s.stateAt(nowMs, this.staleAfterMs) === 'STALE') {
            s.staleReported = true;
            this.#options.services.events.emit('station.stale', {
              stationId: s.stationId,
              timeMs: nowMs,
              lastSeenMs: s.lastSeenMs,
            });
          }
        }
        if (this.connectedCount > 0) this.#armSweep();
      },
      (STALE_GRACE_S * 1000) / 3,
    );
  }
}
