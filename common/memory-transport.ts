import type { ActivityTracker } from './activity-tracker.js';
import {
  ConnectionRefusedError,
  DEFAULT_SUBPROTOCOLS,
  HandshakeRefusal,
  checkMaxFrameBytes,
  negotiateSubprotocol,
  runAuthorize,
  stationIdFromPath,
  stationUrl,
} from './handshake.js';
import { MemoryEnd } from './memory-connection.js';
import { versionOf, type OcppSubprotocol } from './ocpp-version.js';
import {
  DEFAULT_MAX_FRAME_BYTES,
  type ConnectOptions,
  type Connection,
  type ConnectionRequest,
  type ListenOptions,
  type Transport,
  type TransportServer,
} from './transport.js';

/** Options for {@link createMemoryTransport}. */
export interface MemoryTransportOptions {
  /** Counts frames in flight for virtual time; both ends must use the same tracker. */
  tracker?: ActivityTracker;
}

type ConnectionHandler = (connection: Connection, request: ConnectionRequest) => void;

/** Servers listening in this process, by name (`memory://NAME`). Shared by every memory transport. */
const listening = new Map<string, MemoryServer>();
let unnamed = 1;

const SCHEME = 'memory://';

class MemoryServer implements TransportServer {
  readonly url: string;
  readonly #open = new Set<MemoryEnd>();
  readonly #held: [Connection, ConnectionRequest][] = [];
  #handler: ConnectionHandler | undefined;
  #closing = false;

  constructor(
    readonly name: string,
    readonly options: ListenOptions,
    readonly protocols: readonly OcppSubprotocol[],
    readonly maxFrameBytes: number,
    readonly tracker: ActivityTracker | undefined,
  ) {
    this.url = `${SCHEME}${name}/ocpp`;
  }

  get closing(): boolean {
    return this.#closing;
  }

  onConnection(handler: ConnectionHandler): void {
    this.#handler = handler;
    while (this.#held.length > 0 && this.#handler === handler) {
      const [c, r] = this.#held.shift()!;
      handler(c, r);
    }
  }

  accept(end: MemoryEnd, request: ConnectionRequest): void {
    this.#open.add(end);
    end.onClose(() => this.#open.delete(end));
    if (this.#handler === undefined) this.#held.push([end, request]);
    else this.#handler(end, request);
  }

  async close(): Promise<void> {
    if (this.#closing) return;
    this.#closing = true;
    if (listening.get(this.name) === this) listening.delete(this.name);
    await Promise.all([...this.#open].map((c) => c.close(1001, 'server shutting down')));
  }
}

/**
 * The in-process transport: `listen({ name })` registers `memory://NAME/ocpp`; stations connect
 * to `memory://NAME/ocpp/{stationId}`. Handshake, subprotocol negotiation, frame limit and close
 * codes behave as over ws; frames arrive asynchronously and in order.
 */
export function createMemoryTransport(options: MemoryTransportOptions = {}): Transport {
  const tracker = options.tracker;
  return {
    kind: 'memory',
    ...(tracker === undefined ? {} : { tracker }),
    listen(listenOptions: ListenOptions): Promise<TransportServer> {
      try {
        return Promise.resolve(listenMemory(listenOptions, tracker));
      } catch (err) {
        return Promise.reject(err instanceof Error ? err : new Error(String(err)));
      }
    },
    connect(baseUrl, stationId, protocols, connectOptions = {}): Promise<Connection> {
      return connectMemory(baseUrl, stationId, protocols, connectOptions, tracker);
    },
  };
}

function listenMemory(options: ListenOptions, tracker: ActivityTracker | undefined): MemoryServer {
  const name = options.name ?? `memory-${unnamed++}`;
  if (!/^[A-Za-z0-9._-]+$/.test(name)) {
    throw new Error(`memory server name "${name}" is invalid: use letters, digits, '.', '_' or '-'`);
  }
  if (listening.has(name)) {
    throw new Error(`${SCHEME}${name} is already listening: choose another name or close that server first`);
  }
  const protocols = options.protocols ?? DEFAULT_SUBPROTOCOLS;
  if (protocols.length === 0) throw new Error('protocols must list at least one of ocpp2.0.1, ocpp1.6');
  for (const p of protocols) {
    if (versionOf(p) === undefined)
      throw new Error(`unknown subprotocol "${String(p)}": use ocpp2.0.1 or ocpp1.6`);
  }
  const maxFrameBytes = checkMaxFrameBytes(options.maxFrameBytes, DEFAULT_MAX_FRAME_BYTES);
  const server = new MemoryServer(name, options, protocols, maxFrameBytes, tracker);
  listening.set(name, server);
  return server;
}

async function connectMemory(
  baseUrl: string,
  stationId: string,
  protocols: readonly OcppSubprotocol[],
  options: ConnectOptions,
  tracker: ActivityTracker | undefined,
): Promise<Connection> {
  if (protocols.length === 0) throw new Error('offer at least one subprotocol: ocpp2.0.1 or ocpp1.6');
  if (stationId === '') throw new Error('stationId must not be empty');
  const maxFrameBytes = checkMaxFrameBytes(options.maxFrameBytes, DEFAULT_MAX_FRAME_BYTES);
  const url = stationUrl(baseUrl, stationId);
  if (!url.startsWith(SCHEME)) {
    throw new Error(`the memory transport connects to ${SCHEME}NAME/… URLs, got "${baseUrl}"`);
  }
  const rest = url.slice(SCHEME.length);
  const slash = rest.indexOf('/');
  const name = slash < 0 ? rest : rest.slice(0, slash);
  const path = slash < 0 ? '/' : rest.slice(slash);
  await nextTurn(); // a handshake never completes inside connect()
  const server = listening.get(name);
  if (server === undefined || server.closing) {
    throw new Error(
      `cannot connect to ${url}: no memory server is listening as "${name}" (listen({ name: '${name}' }))`,
    );
  }
  let request: ConnectionRequest;
  try {
    const id = stationIdFromPath(path);
    const protocol = negotiateSubprotocol(protocols, server.protocols);
    request = { stationId: id, protocol, path, headers: { ...options.headers } };
    await runAuthorize(server.options, request);
  } catch (err) {
    if (err instanceof HandshakeRefusal) throw new ConnectionRefusedError(url, err.status, err.reason);
    throw err;
  }
  if (server.closing) throw new ConnectionRefusedError(url, 503, 'server is shutting down');
  const linkId = tracker?.newLinkId() ?? '';
  const tracked = tracker !== undefined && server.tracker === tracker ? tracker : undefined;
  const common = {
    protocol: request.protocol,
    linkId,
    ...(tracked === undefined ? {} : { tracker: tracked }),
  };
  const client = new MemoryEnd({ ...common, stationId, maxFrameBytes });
  const serverEnd = new MemoryEnd({
    ...common,
    stationId: request.stationId,
    maxFrameBytes: server.maxFrameBytes,
  });
  MemoryEnd.pair(client, serverEnd);
  server.accept(serverEnd, request);
  return client;
}

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
