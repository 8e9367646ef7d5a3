import { WebSocket } from 'ws';
import type { ActivityTracker } from './activity-tracker.js';
import { ConnectionRefusedError, LINK_HEADER, checkMaxFrameBytes, stationUrl } from './handshake.js';
import { versionOf, type OcppSubprotocol } from './ocpp-version.js';
import {
  DEFAULT_MAX_FRAME_BYTES,
  type ConnectOptions,
  type Connection,
  type ListenOptions,
  type Transport,
  type TransportServer,
} from './transport.js';
import { WsConnection } from './ws-connection.js';
import { listenWs } from './ws-server.js';

/** Options for {@link createWsTransport}. */
export interface WsTransportOptions {
  /**
   * Counts frames in flight for virtual time. Both ends must use the same tracker (the
   * VirtualClock's); the link id travels in the `x-ocpp-harness-link` handshake header.
   */
  tracker?: ActivityTracker;
  /** Default for permessage-deflate on servers and clients of this transport. Default off. */
  perMessageDeflate?: boolean;
  /**
   * Servers hand their connections to this many child processes ("connection gateways") that
   * hold the sockets and pass text frames over IPC: the server's process then holds no socket per
   * station, so a fleet is not bounded by one process's open-file limit, and WebSocket framing runs
   * beside the server's event loop. Real time only (frames cannot be tracked across processes for
   * a virtual clock). Default 0: the server's process holds its sockets.
   */
  gateways?: number;
}

/** The real-socket transport (package `ws`): the default, and always when one side is external. */
export function createWsTransport(options: WsTransportOptions = {}): Transport {
  const tracker = options.tracker;
  const perMessageDeflate = options.perMessageDeflate ?? false;
  const gateways = options.gateways ?? 0;
  if (!Number.isInteger(gateways) || gateways < 0 || gateways > 64) {
    throw new RangeError(`gateways must be a whole number from 0 to 64, got ${String(options.gateways)}`);
  }
  if (gateways > 0 && tracker !== undefined) {
    throw new Error(
      'gateways need real time: a virtual clock cannot track frames across processes (leave out gateways or the tracker)',
    );
  }
  return {
    kind: 'ws',
    ...(tracker === undefined ? {} : { tracker }),
    listen(listenOptions: ListenOptions): Promise<TransportServer> {
      return listenWs(listenOptions, {
        ...(tracker === undefined ? {} : { tracker }),
        perMessageDeflate,
        gateways,
      });
    },
    connect(baseUrl, stationId, protocols, connectOptions = {}): Promise<Connection> {
      return connectWs(baseUrl, stationId, protocols, connectOptions, tracker, perMessageDeflate);
    },
  };
}

async function connectWs(
  baseUrl: string,
  stationId: string,
  protocols: readonly OcppSubprotocol[],
  options: ConnectOptions,
  tracker: ActivityTracker | undefined,
  perMessageDeflateDefault: boolean,
): Promise<Connection> {
  if (protocols.length === 0) throw new Error('offer at least one subprotocol: ocpp2.0.1 or ocpp1.6');
  if (stationId === '') throw new Error('stationId must not be empty');
  const maxPayload = checkMaxFrameBytes(options.maxFrameBytes, DEFAULT_MAX_FRAME_BYTES);
  const url = stationUrl(baseUrl, stationId);
  const linkId = tracker?.newLinkId();
  const headers: Record<string, string> = { ...options.headers };
  if (linkId !== undefined) headers[LINK_HEADER] = linkId;
  const ws = new WebSocket(url, [...protocols], {
    maxPayload,
    headers,
    handshakeTimeout: options.handshakeTimeoutMs ?? 10_000,
    perMessageDeflate: options.perMessageDeflate ?? perMessageDeflateDefault,
  });
  return new Promise<Connection>((resolve, reject) => {
    let linkEchoed = false;
    let settled = false;
    const fail = (err: Error): void => {
      if (settled) return;
      settled = true;
      reject(err);
    };
    ws.on('upgrade', (res) => {
      linkEchoed = linkId !== undefined && res.headers[LINK_HEADER] === linkId;
    });
    ws.on('unexpected-response', (req, res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', () => undefined);
      res.on('end', () => {
        fail(
          new ConnectionRefusedError(url, res.statusCode ?? 0, Buffer.concat(chunks).toString('utf8').trim()),
        );
        req.destroy();
      });
    });
    ws.on('error', (err) => fail(new Error(`cannot connect to ${url}: ${err.message}`)));
    ws.once('close', (code) => fail(new Error(`connection to ${url} closed during the handshake (${code})`)));
    ws.once('open', () => {
      const protocol = ws.protocol;
      if (versionOf(protocol) === undefined) {
        ws.terminate();
        fail(new Error(`server at ${url} chose subprotocol "${protocol}", which was not offered`));
        return;
      }
      settled = true;
      const link =
        tracker !== undefined && linkId !== undefined && linkEchoed ? { tracker, linkId } : undefined;
      resolve(new WsConnection(ws, stationId, protocol as OcppSubprotocol, link));
    });
  });
}
