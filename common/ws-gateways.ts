import type { ChildProcess } from 'node:child_process';
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { CloseListeners, FrameInbox } from './connection-inbox.js';
import { checkCloseArguments } from './handshake.js';
import { ConnectionClosedError } from './ocpp-errors.js';
import type { OcppSubprotocol } from './ocpp-version.js';
import type { Connection, ConnectionRequest } from './transport.js';
import { forkSibling } from './fork-module.js';
import type { FromGateway, GatewayProcessSettings, ToGateway } from './ws-gateway-main.js';

/** The gateways of a server: how many, and the settings each one runs with. */
export interface GatewaySettings extends GatewayProcessSettings {
  /** How many gateway processes. */
  readonly count: number;
}

/** The native TCP handle under a `net.Socket`. */
type SocketHandle = object;

interface Pending {
  readonly request: ConnectionRequest;
  resolve(connection: Connection): void;
  reject(error: Error): void;
}

/** One gateway process and the connections it holds. */
class Gateway {
  readonly connections = new Map<number, GatewayConnection>();
  readonly pending = new Map<number, Pending>();

  constructor(readonly child: ChildProcess) {}

  get load(): number {
    return this.connections.size + this.pending.size;
  }

  /** Sends a message (with a socket handle); resolves once it is written to the IPC channel. */
  post(message: ToGateway, handle?: SocketHandle): Promise<void> {
    return new Promise((resolve, reject) => {
      if (!this.child.connected) {
        reject(new Error('the connection gateway process has exited'));
        return;
      }
      const done = (err: Error | null): void => (err === null ? resolve() : reject(err));
      if (handle === undefined) this.child.send(message, done);
      else this.child.send(message, handle as unknown as Socket, done);
    });
  }
}

/**
 * The connection gateways of a ws server: child processes that hold its WebSocket connections
 * (one socket each) and pass their text frames over IPC, so that the server's process holds none.
 * A station's handshake is read, authorised and its subprotocol chosen by the server; the socket
 * is then handed to the least loaded gateway, which answers the handshake and keeps it. A gateway
 * that exits closes its connections (the stations see 1006 and reconnect) and is started again.
 */
export class GatewayPool {
  readonly #settings: GatewaySettings;
  #gateways: Gateway[] = [];
  #nextId = 1;
  #stopping = false;

  private constructor(settings: GatewaySettings) {
    this.#settings = settings;
  }

  /** Starts `settings.count` gateways and resolves when all are ready. */
  static async start(settings: GatewaySettings): Promise<GatewayPool> {
    const pool = new GatewayPool(settings);
    pool.#gateways = await Promise.all(Array.from({ length: settings.count }, () => pool.#spawn()));
    return pool;
  }

  /** Hands an authorised handshake's socket to the least loaded gateway; resolves when it is open. */
  adopt(socket: Duplex, req: IncomingMessage, head: Buffer, request: ConnectionRequest): Promise<Connection> {
    const live = this.#gateways.filter((g) => g.child.connected);
    if (live.length === 0) {
      socket.destroy();
      return Promise.reject(new Error('no connection gateway is running (one is being started again)'));
    }
    const gateway = live.reduce((a, b) => (b.load < a.load ? b : a));
    const id = this.#nextId++;
    return new Promise<Connection>((resolve, reject) => {
      gateway.pending.set(id, { request, resolve, reject });
      const message: ToGateway = {
        k: 'u',
        id,
        url: req.url ?? '/',
        headers: req.headers,
        head: head.toString('base64'),
        protocol: request.protocol,
      };
      // The socket's native handle is sent, not the socket: Node keeps count of a server's sockets
      // sent to other processes and waits on them when the server closes, which never ends once
      // those processes have exited. Once the handle is on its way, this process lets go of it.
      const handle = (socket as unknown as { _handle?: SocketHandle | null })._handle;
      if (handle === undefined || handle === null) {
        gateway.pending.delete(id);
        socket.destroy();
        reject(new Error('the connection closed before it could be handed to a gateway'));
        return;
      }
      gateway.post(message, handle).then(
        () => socket.destroy(),
        (err: unknown) => {
          gateway.pending.delete(id);
          socket.destroy();
          reject(new Error(`cannot hand the connection to a gateway: ${(err as Error).message}`));
        },
      );
    });
  }

  /** Stops the gateways (their connections close with 1001) and waits for them to exit. */
  async stop(): Promise<void> {
    this.#stopping = true;
    await Promise.all(
      this.#gateways.map(async (g) => {
        if (g.child.exitCode !== null || g.child.signalCode !== null) return;
        const exited = new Promise<void>((resolve) => g.child.once('exit', () => resolve()));
        await g.post({ k: 'q' }).catch(() => g.child.kill());
        await exited;
      }),
    );
  }

  async #spawn(): Promise<Gateway> {
    const settings: GatewayProcessSettings = {
      maxPayload: this.#settings.maxPayload,
      perMessageDeflate: this.#settings.perMessageDeflate,
    };
    const child = forkSibling(import.meta.url, 'ws-gateway-main', {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      env: { ...process.env, OCPP_HARNESS_GATEWAY: JSON.stringify(settings) },
    });
    const gateway = new Gateway(child);
    await new Promise<void>((resolve, reject) => {
      const onExit = (code: number | null): void =>
        reject(new Error(`a connection gateway process exited on start (code ${String(code)})`));
      child.once('exit', onExit);
      child.once('error', reject);
      child.once('message', () => {
        child.off('exit', onExit);
        child.off('error', reject);
        resolve();
      });
    });
    child.on('message', (m: FromGateway) => this.#receive(gateway, m));
    child.once('exit', (code, signal) => this.#exited(gateway, code, signal));
    return gateway;
  }

  #receive(gateway: Gateway, m: FromGateway): void {
    switch (m.k) {
      case 'o': {
        const pending = gateway.pending.get(m.id);
        if (pending === undefined) return;
        gateway.pending.delete(m.id);
        const connection = new GatewayConnection(gateway, m.id, pending.request);
        gateway.connections.set(m.id, connection);
        connection.onClose(() => gateway.connections.delete(m.id));
        pending.resolve(connection);
        return;
      }
      case 'r': {
        const pending = gateway.pending.get(m.id);
        gateway.pending.delete(m.id);
        pending?.reject(new Error(m.message));
        return;
      }
      case 'f':
        gateway.connections.get(m.id)?.deliver(m.f);
        return;
      case 'c':
        gateway.connections.get(m.id)?.ended(m.code, m.reason);
        return;
      case 'ready':
        return;
    }
  }

  #exited(gateway: Gateway, code: number | null, signal: NodeJS.Signals | null): void {
    const why = `connection gateway process exited (${signal ?? `code ${String(code)}`})`;
    for (const p of gateway.pending.values()) p.reject(new Error(why));
    gateway.pending.clear();
    for (const c of [...gateway.connections.values()]) c.ended(1006, why);
    if (this.#stopping) return;
    process.emitWarning(`${why}: its stations were disconnected; starting another`);
    this.#gateways = this.#gateways.filter((g) => g !== gateway);
    this.#spawn().then(
      (fresh) => {
        if (this.#stopping) void fresh.post({ k: 'q' }).catch(() => fresh.child.kill());
        else this.#gateways.push(fresh);
      },
      (err: unknown) => process.emitWarning(`cannot start a connection gateway: ${(err as Error).message}`),
    );
  }
}

/** A {@link Connection} held by a gateway process: frames travel over its IPC channel. */
class GatewayConnection implements Connection {
  readonly stationId: string;
  readonly protocol: OcppSubprotocol;
  readonly #gateway: Gateway;
  readonly #id: number;
  readonly #inbox: FrameInbox;
  readonly #closeListeners = new CloseListeners();
  readonly #closed: Promise<void>;
  #resolveClosed!: () => void;

  constructor(gateway: Gateway, id: number, request: ConnectionRequest) {
    this.stationId = request.stationId;
    this.protocol = request.protocol;
    this.#gateway = gateway;
    this.#id = id;
    this.#inbox = new FrameInbox(request.stationId, () => {
      void this.close(1011, 'internal error while handling a frame').catch(() => undefined);
    });
    this.#closed = new Promise((resolve) => (this.#resolveClosed = resolve));
  }

  get isOpen(): boolean {
    return this.#closeListeners.closed === undefined;
  }

  /** Resolves once the frame is on its way to the gateway (not when the station has it). */
  send(frame: string): Promise<void> {
    if (!this.isOpen) {
      return Promise.reject(new ConnectionClosedError(`connection of ${this.stationId} is closed`));
    }
    return this.#gateway.post({ k: 's', id: this.#id, f: frame }).catch((err: unknown) => {
      throw new ConnectionClosedError(`send to ${this.stationId} failed: ${(err as Error).message}`);
    });
  }

  close(code = 1000, reason = ''): Promise<void> {
    if (!this.isOpen) return Promise.resolve();
    try {
      checkCloseArguments(code, reason);
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
    this.#gateway.post({ k: 'x', id: this.#id, code, reason }).catch(() => undefined);
    return this.#closed;
  }

  onMessage(handler: (frame: string) => void): void {
    this.#inbox.setHandler((frame) => handler(frame!)); // every frame read off a socket has its text
  }

  onClose(handler: (code: number, reason: string) => void): void {
    this.#closeListeners.add(handler);
  }

  /** A frame the gateway received. */
  deliver(frame: string): void {
    if (this.isOpen) this.#inbox.deliver(frame);
  }

  /** The gateway reports the connection closed (or its process exited). */
  ended(code: number, reason: string): void {
    if (!this.isOpen) return;
    this.#closeListeners.fire(code, reason);
    this.#resolveClosed();
  }
}
