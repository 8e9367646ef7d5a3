import { Socket } from 'node:net';
import { pathToFileURL } from 'node:url';
import type { IncomingMessage } from 'node:http';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import { onReportedClose, wsDataToString } from './ws-close-report.js';

/**
 * A connection gateway: a child process that holds WebSocket connections for a ws server, so that
 * the server's own process holds no socket per station (see `GatewayPool`). The environment
 * variable `OCPP_HARNESS_GATEWAY` carries its settings as JSON: `{ maxPayload, perMessageDeflate }`.
 */

/** A gateway's settings. */
export interface GatewayProcessSettings {
  readonly maxPayload: number;
  readonly perMessageDeflate: boolean;
}

/**
 * What the server sends a gateway over IPC:
 * - `u` with the native socket handle of an accepted handshake (authorised and its subprotocol
 *   chosen by the server): complete the handshake on it; `head` is base64;
 * - `s`: send text frame `f`;
 * - `x`: close the connection;
 * - `q`: close every connection (1001) and exit.
 */
export type ToGateway =
  | {
      k: 'u';
      id: number;
      url: string;
      headers: IncomingMessage['headers'];
      head: string;
      protocol: string;
    }
  | { k: 's'; id: number; f: string }
  | { k: 'x'; id: number; code: number; reason: string }
  | { k: 'q' };

/**
 * What a gateway sends back: `ready` once; `o` when a connection opened; `r` when the handshake
 * failed (ws answered the HTTP error itself); `f` for each frame received; `c` when a connection
 * closed, with the code and reason to report.
 */
export type FromGateway =
  | { k: 'ready' }
  | { k: 'o'; id: number }
  | { k: 'r'; id: number; message: string }
  | { k: 'f'; id: number; f: string }
  | { k: 'c'; id: number; code: number; reason: string };

function send(message: FromGateway): void {
  if (process.connected) process.send?.(message);
}

function runGateway(settings: GatewayProcessSettings): void {
  const connections = new Map<number, WebSocket>();
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: settings.maxPayload,
    perMessageDeflate: settings.perMessageDeflate,
    handleProtocols: (_offered, req) => (req as IncomingMessage & { chosenProtocol: string }).chosenProtocol,
  });

  const adopt = (m: Extract<ToGateway, { k: 'u' }>, handle: unknown): void => {
    if (handle === undefined || handle === null) {
      send({ k: 'r', id: m.id, message: 'the socket was lost in the hand-over' });
      return;
    }
    // A socket over the native handle the server sent (an option net.Socket takes, though its
    // typings leave it out: a variable, not a literal, passes it).
    const options = { handle, readable: true, writable: true };
    const socket = new Socket(options);
    socket.on('error', () => socket.destroy());
    // ws answers a handshake it refuses (bad key or version) itself and destroys the socket.
    let opened = false;
    socket.once('close', () => {
      if (!opened) send({ k: 'r', id: m.id, message: 'the WebSocket handshake failed' });
    });
    const req = { method: 'GET', url: m.url, headers: m.headers, chosenProtocol: m.protocol, socket };
    wss.handleUpgrade(req as unknown as IncomingMessage, socket, Buffer.from(m.head, 'base64'), (ws) => {
      opened = true;
      connections.set(m.id, ws);
      ws.on('message', (data) => send({ k: 'f', id: m.id, f: wsDataToString(data) }));
      onReportedClose(ws, (code, reason) => {
        connections.delete(m.id);
        send({ k: 'c', id: m.id, code, reason });
      });
      send({ k: 'o', id: m.id });
    });
  };

  const quit = (): void => {
    for (const ws of connections.values()) ws.close(1001, 'server shutting down');
    wss.close();
    setTimeout(() => process.exit(0), 2000).unref();
    if (connections.size === 0) process.exit(0);
    for (const ws of connections.values()) {
      ws.once('close', () => {
        if (connections.size === 0) process.exit(0);
      });
    }
  };

  process.on('message', (m: ToGateway, handle: unknown) => {
    switch (m.k) {
      case 'u':
        adopt(m, handle);
        break;
      case 's': {
        const ws = connections.get(m.id);
        if (ws !== undefined && ws.readyState === ws.OPEN) ws.send(m.f);
        break;
      }
      case 'x':
        connections.get(m.id)?.close(m.code, m.reason);
        break;
      case 'q':
        quit();
        break;
    }
  });
  process.on('disconnect', () => process.exit(0));
  send({ k: 'ready' });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.title = 'ocpp-harness connection gateway';
  runGateway(JSON.parse(process.env['OCPP_HARNESS_GATEWAY'] ?? '{}') as GatewayProcessSettings);
}
