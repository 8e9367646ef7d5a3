import { createServer, type IncomingMessage, type Server as HttpServer } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { ActivityTracker } from './activity-tracker.js';
import {
  DEFAULT_SUBPROTOCOLS,
  HandshakeRefusal,
  LINK_HEADER,
  checkMaxFrameBytes,
  negotiateSubprotocol,
  parseProtocolHeader,
  runAuthorize,
  stationIdFromPath,
  statusText,
} from './handshake.js';
import { versionOf, type OcppSubprotocol } from './ocpp-version.js';
import {
  DEFAULT_MAX_FRAME_BYTES,
  type Connection,
  type ConnectionRequest,
  type ListenOptions,
  type TransportServer,
} from './transport.js';
import { WsConnection } from './ws-connection.js';
import { GatewayPool } from './ws-gateways.js';

/** Transport-wide settings a ws server inherits. */
export interface WsServerDefaults {
  readonly tracker?: ActivityTracker;
  readonly perMessageDeflate: boolean;
  /** Connection gateway processes that hold the sockets (see {@link GatewayPool}); 0 for none. */
  readonly gateways?: number;
}

type ConnectionHandler = (connection: Connection, request: ConnectionRequest) => void;

interface Accepted {
  readonly protocol: OcppSubprotocol;
  readonly linkId: string | undefined;
}

/**
 * Starts a ws OCPP server, on its own HTTP server or sharing `options.httpServer` (an express app's)
 * through its `upgrade` event.
 */
export async function listenWs(options: ListenOptions, defaults: WsServerDefaults): Promise<TransportServer> {
  const server = new WsTransportServer(options, defaults);
  await server.start();
  return server;
}

class WsTransportServer implements TransportServer {
  readonly #options: ListenOptions;
  readonly #defaults: WsServerDefaults;
  readonly #protocols: readonly OcppSubprotocol[];
  readonly #http: HttpServer;
  readonly #ownsHttp: boolean;
  readonly #wss: WebSocketServer;
  readonly #accepted = new WeakMap<IncomingMessage, Accepted>();
  readonly #open = new Set<Connection>();
  readonly #maxPayload: number;
  #gateways: GatewayPool | undefined;
  readonly #held: [Connection, ConnectionRequest][] = [];
  #handler: ConnectionHandler | undefined;
  #closing = false;
  readonly #onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    this.#accept(req, socket, head).catch((err: unknown) => {
      writeResponse(
        socket,
        500,
        `connection could not be accepted: ${err instanceof Error ? err.message : String(err)}`,
      );
    });
  };

  constructor(options: ListenOptions, defaults: WsServerDefaults) {
    this.#options = options;
    this.#defaults = defaults;
    this.#protocols = checkProtocols(options.protocols);
    const maxPayload = checkMaxFrameBytes(options.maxFrameBytes, DEFAULT_MAX_FRAME_BYTES);
    this.#maxPayload = maxPayload;
    this.#wss = new WebSocketServer({
      noServer: true,
      maxPayload,
      perMessageDeflate: options.perMessageDeflate ?? defaults.perMessageDeflate,
      handleProtocols: (_offered, req) => this.#accepted.get(req)?.protocol ?? false,
    });
    this.#wss.on('headers', (headers, req) => {
      const linkId = this.#accepted.get(req)?.linkId;
      if (linkId !== undefined) headers.push(`${LINK_HEADER}: ${linkId}`);
    });
    this.#ownsHttp = options.httpServer === undefined;
    this.#http =
      options.httpServer ??
      createServer((_req, res) => {
        res.writeHead(426, { 'content-type': 'text/plain; charset=utf-8' });
        res.end(
          `this is an OCPP WebSocket endpoint: connect a WebSocket client to ${this.url}/{stationId}\n`,
        );
      });
  }

  async start(): Promise<void> {
    const gateways = this.#defaults.gateways ?? 0;
    if (gateways > 0) {
      this.#gateways = await GatewayPool.start({
        count: gateways,
        maxPayload: this.#maxPayload,
        perMessageDeflate: this.#options.perMessageDeflate ?? this.#defaults.perMessageDeflate,
      });
    }
    this.#http.on('upgrade', this.#onUpgrade);
    if (!this.#ownsHttp) {
      if (this.#http.listening) this.#url = this.#computeUrl();
      return;
    }
    try {
      await new Promise<void>((resolve, reject) => {
        this.#http.once('error', reject);
        this.#http.listen(this.#options.port ?? 0, this.#options.host ?? '127.0.0.1', () => {
          this.#http.off('error', reject);
          this.#url = this.#computeUrl();
          resolve();
        });
      });
    } catch (err) {
      // A server that cannot listen leaves no gateway process behind.
      this.#http.off('upgrade', this.#onUpgrade);
      await this.#gateways?.stop();
      throw err;
    }
  }

  #url: string | undefined;

  get url(): string {
    this.#url ??= this.#computeUrl();
    return this.#url;
  }

  #computeUrl(): string {
    const address = this.#http.address();
    if (address === null || typeof address === 'string') {
      throw new Error('the HTTP server is not listening on a TCP port yet: call httpServer.listen() first');
    }
    let host = this.#options.host ?? address.address;
    if (host === '::' || host === '0.0.0.0' || host === '') host = '127.0.0.1';
    if (host.includes(':')) host = `[${host}]`;
    return `ws://${host}:${address.port}/ocpp`;
  }

  onConnection(handler: ConnectionHandler): void {
    this.#handler = handler;
    while (this.#held.length > 0 && this.#handler === handler) {
      const [c, r] = this.#held.shift()!;
      handler(c, r);
    }
  }

  async close(): Promise<void> {
    if (this.#closing) return;
    this.#closing = true;
    this.#http.off('upgrade', this.#onUpgrade);
    await Promise.all([...this.#open].map((c) => c.close(1001, 'server shutting down')));
    await this.#gateways?.stop();
    await new Promise<void>((resolve) => this.#wss.close(() => resolve()));
    if (this.#ownsHttp) {
      await new Promise<void>((resolve) => {
        this.#http.close(() => resolve());
        this.#http.closeAllConnections();
      });
    }
  }

  async #accept(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    socket.on('error', () => socket.destroy());
    if (this.#closing) {
      writeResponse(socket, 503, 'server is shutting down');
      return;
    }
    let request: ConnectionRequest;
    try {
      const path = req.url ?? '/';
      const stationId = stationIdFromPath(path);
      const protocol = negotiateSubprotocol(
        parseProtocolHeader(req.headers['sec-websocket-protocol']),
        this.#protocols,
      );
      request = {
        stationId,
        protocol,
        path,
        headers: req.headers,
        ...(req.socket.remoteAddress === undefined ? {} : { remoteAddress: req.socket.remoteAddress }),
      };
      await runAuthorize(this.#options, request);
    } catch (err) {
      if (!(err instanceof HandshakeRefusal)) throw err;
      writeResponse(socket, err.status, err.reason);
      return;
    }
    if (socket.destroyed || this.#closing) {
      socket.destroy();
      return;
    }
    if (this.#gateways !== undefined) {
      this.#register(await this.#gateways.adopt(socket, req, head, request), request);
      return;
    }
    const header = req.headers[LINK_HEADER];
    const tracker = this.#defaults.tracker;
    const linkId =
      tracker !== undefined && typeof header === 'string' && tracker.owns(header) ? header : undefined;
    this.#accepted.set(req, { protocol: request.protocol, linkId });
    this.#wss.handleUpgrade(req, socket, head, (ws) => {
      const link = linkId !== undefined && tracker !== undefined ? { tracker, linkId } : undefined;
      this.#register(new WsConnection(ws, request.stationId, request.protocol, link), request);
    });
  }

  #register(connection: Connection, request: ConnectionRequest): void {
    if (this.#closing) {
      void connection.close(1001, 'server shutting down').catch(() => undefined);
      return;
    }
    this.#open.add(connection);
    connection.onClose(() => this.#open.delete(connection));
    if (this.#handler === undefined) this.#held.push([connection, request]);
    else this.#handler(connection, request);
  }
}

function checkProtocols(protocols: readonly OcppSubprotocol[] | undefined): readonly OcppSubprotocol[] {
  if (protocols === undefined) return DEFAULT_SUBPROTOCOLS;
  if (protocols.length === 0) throw new Error('protocols must list at least one of ocpp2.0.1, ocpp1.6');
  for (const p of protocols) {
    if (versionOf(p) === undefined)
      throw new Error(`unknown subprotocol "${String(p)}": use ocpp2.0.1 or ocpp1.6`);
  }
  return protocols;
}

/** Answers a handshake with a plain-text HTTP error and ends the socket. */
function writeResponse(socket: Duplex, status: number, body: string): void {
  if (socket.destroyed) return;
  const text = `${body}\n`;
  socket.end(
    `HTTP/1.1 ${status} ${statusText(status)}\r\n` +
      'Connection: close\r\n' +
      'Content-Type: text/plain; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(text)}\r\n\r\n` +
      text,
  );
}
