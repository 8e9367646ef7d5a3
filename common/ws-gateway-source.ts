/**
 * The body of a connection gateway: a child process that holds WebSocket connections for a ws
 * server, so that the server's own process holds no socket per station. It is source text run
 * with `node -e` (it loads nothing from this repository, so it runs the same from the TypeScript
 * sources and from `dist/`); the environment variable `OCPP_HARNESS_GATEWAY` carries its settings
 * as JSON: `{ wsPath, maxPayload, perMessageDeflate }`.
 *
 * Protocol over the IPC channel, each message a JSON object with `k` saying what it is.
 * From the server:
 * - `{ k: 'u', id, url, headers, head, protocol }` with the native socket handle of an accepted handshake
 *   (authorised and its subprotocol chosen by the server): complete the handshake on it; `head` is
 *   base64;
 * - `{ k: 's', id, f }`: send text frame `f`;
 * - `{ k: 'x', id, code, reason }`: close the connection;
 * - `{ k: 'q' }`: close every connection (1001) and exit.
 *
 * To the server: `{ k: 'ready' }` once; `{ k: 'o', id }` when a connection opened;
 * `{ k: 'r', id, message }` when the handshake failed (ws answered the HTTP error itself); `{ k: 'f', id, f }` for each frame received; `{ k: 'c', id, code, reason }` when a
 * connection closed.
 */
export const WS_GATEWAY_SOURCE = String.raw`
'use strict';
process.title = 'ocpp-harness connection gateway';
const settings = JSON.parse(process.env.OCPP_HARNESS_GATEWAY);
const { Socket } = require('node:net');
const { WebSocketServer } = require(settings.wsPath);

const connections = new Map();
const wss = new WebSocketServer({
  noServer: true,
  maxPayload: settings.maxPayload,
  perMessageDeflate: settings.perMessageDeflate,
  handleProtocols: (_offered, req) => req.chosenProtocol,
});
function send(message) {
  if (process.connected) process.send(message);
}

/** The close code ws attached to a protocol error (under its status-code symbol), if any. */
function statusCodeOf(err) {
  for (const sym of Object.getOwnPropertySymbols(err)) {
    if (sym.description === 'status-code' && typeof err[sym] === 'number') return err[sym];
  }
  return undefined;
}

function adopt(m, handle) {
  if (handle === undefined || handle === null) {
    send({ k: 'r', id: m.id, message: 'the socket was lost in the hand-over' });
    return;
  }
  const socket = new Socket({ handle, readable: true, writable: true });
  socket.on('error', () => socket.destroy());
  // ws answers a handshake it refuses (bad key or version) itself and destroys the socket.
  let opened = false;
  socket.once('close', () => {
    if (!opened) send({ k: 'r', id: m.id, message: 'the WebSocket handshake failed' });
  });
  const req = { method: 'GET', url: m.url, headers: m.headers, chosenProtocol: m.protocol, socket };
  wss.handleUpgrade(req, socket, Buffer.from(m.head, 'base64'), (ws) => {
    opened = true;
    connections.set(m.id, ws);
    // As the in-process server does: when ws refuses a frame it sends the close code (1009 for
    // an oversize frame) but its own 'close' reports 1006, so report the code it sent.
    let refusedWith;
    let refusedBecause = '';
    ws.on('error', (err) => {
      if (refusedWith !== undefined) return;
      refusedWith = statusCodeOf(err);
      refusedBecause = err.message;
    });
    ws.on('message', (data, isBinary) => {
      const f = Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data).toString('utf8');
      send({ k: 'f', id: m.id, f });
    });
    ws.once('close', (wireCode, wireReason) => {
      connections.delete(m.id);
      const refused = wireCode === 1006 && refusedWith !== undefined;
      send({ k: 'c', id: m.id, code: refused ? refusedWith : wireCode, reason: refused ? refusedBecause : wireReason.toString('utf8') });
    });
    send({ k: 'o', id: m.id });
  });
}

process.on('message', (m, handle) => {
  switch (m.k) {
    case 'u':
      adopt(m, handle);
      break;
    case 's': {
      const ws = connections.get(m.id);
      if (ws !== undefined && ws.readyState === ws.OPEN) ws.send(m.f);
      break;
    }
    case 'x': {
      const ws = connections.get(m.id);
      if (ws !== undefined) ws.close(m.code, m.reason);
      break;
    }
    case 'q':
      for (const ws of connections.values()) ws.close(1001, 'server shutting down');
      wss.close();
      setTimeout(() => process.exit(0), 2000).unref();
      if (connections.size === 0) process.exit(0);
      for (const ws of connections.values()) ws.once('close', () => { if (connections.size === 0) process.exit(0); });
      break;
  }
});
process.on('disconnect', () => process.exit(0));
send({ k: 'ready' });
`;
