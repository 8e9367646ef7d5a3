import { DEFLATED_TEXT_FIELD } from './deflated-text.js';

/**
 * The body of the thread that runs the embedded database (PGlite), as source text for a `Worker`
 * started with `eval: true`: it loads nothing from this repository, so it runs the same from the
 * TypeScript sources (tests) and from the compiled `dist/`. `workerData` carries the absolute
 * path of the PGlite module, the data directory (`undefined` for memory) and an optional database
 * image to start from.
 *
 * Protocol: the thread first posts `{ ready: true }` or `{ ready: false, message }`. It then
 * answers each request `{ id, kind, sql?, params?, now?, ahead? }` — `kind` one of `query`,
 * `exec`, `dump`, `ping`, `close` — one at a time in the order received, except that a request
 * marked `ahead` runs before every request not so marked that is still waiting (a statement a
 * caller is blocked on does not wait behind queued background writes). Answers go to
 * `workerData.answerPort`, with
 * `{ id, ok: true, rows, rowCount, image? }` or
 * `{ id, ok: false, error: { message, code?, detail?, hint?, ... } }`. `int8` comes back as a
 * number, `timestamptz` as a `Date` (structured clone keeps both). After answering a request
 * marked `now`, `workerData.answered[0]` is set to 1 and notified, for a caller that blocks on it
 * with `Atomics.wait` and then reads the answers synchronously.
 */
export const PGLITE_WORKER_SOURCE = String.raw`
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const { deflateRawSync } = require('node:zlib');

const DEFLATED_TEXT_FIELD = '${DEFLATED_TEXT_FIELD}';
const isDeflated = (p) => p !== null && typeof p === 'object' && Object.hasOwn(p, DEFLATED_TEXT_FIELD);

function deflateToBase64(text) {
  return deflateRawSync(Buffer.from(text, 'utf8'), { level: 1 }).toString('base64');
}

// A parameter marked as deflated text is compressed here, on this thread (see deflated-text.ts).
function materialise(params) {
  return params.map((p) => {
    if (!isDeflated(p)) return p;
    const text = p[DEFLATED_TEXT_FIELD];
    if (typeof text === 'string') return deflateToBase64(text);
    if (Array.isArray(text)) return text.map(deflateToBase64);
    return deflateToBase64(text.jsonLines.map((v) => JSON.stringify(v)).join('\n'));
  });
}

const INT8_OID = 20;
const BYTEA_OID = 17;
// bytea goes to and from PostgreSQL as hex text: Buffer's native hex codec, not a JS loop per byte.
const parsers = {
  [INT8_OID]: (value) => Number(value),
  [BYTEA_OID]: (value) => Buffer.from(value.slice(2), 'hex'),
};
const serializers = {
  [BYTEA_OID]: (value) => {
    if (!(value instanceof Uint8Array)) throw new Error('a bytea parameter must be a Uint8Array');
    return '\\x' + Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex');
  },
};
const ERROR_FIELDS = ['code', 'detail', 'hint', 'position', 'where', 'schema', 'table', 'column', 'constraint', 'severity'];

function describe(error) {
  const out = { message: error instanceof Error ? error.message : String(error) };
  if (error !== null && typeof error === 'object') {
    for (const field of ERROR_FIELDS) {
      const value = error[field];
      if (typeof value === 'string' || typeof value === 'number') out[field] = value;
    }
  }
  return out;
}

let db;

async function open() {
  const { PGlite } = require(workerData.pglitePath);
  const options = { parsers, serializers };
  if (workerData.image !== undefined) options.loadDataDir = new Blob([workerData.image]);
  db = await PGlite.create(workerData.dataDir, options);
}

async function run(request) {
  if (db === undefined) throw new Error('the embedded database did not open');
  switch (request.kind) {
    case 'query': {
      const result = await db.query(request.sql, request.params);
      const rowCount = result.fields.length > 0 ? result.rows.length : (result.affectedRows ?? 0);
      return [{ id: request.id, ok: true, rows: result.rows, rowCount }];
    }
    case 'exec':
      await db.exec(request.sql);
      return [{ id: request.id, ok: true, rows: [], rowCount: 0 }];
    case 'dump': {
      const blob = await db.dumpDataDir('none');
      const image = new Uint8Array(await blob.arrayBuffer());
      return [{ id: request.id, ok: true, rows: [], rowCount: 0, image }, [image.buffer]];
    }
    case 'ping':
      return [{ id: request.id, ok: true, rows: [], rowCount: 0 }];
    case 'close':
      await db.close();
      return [{ id: request.id, ok: true, rows: [], rowCount: 0 }];
    default:
      throw new Error('unknown request kind ' + String(request.kind));
  }
}

const { answered, answerPort } = workerData;

function reply(now, message, transfer) {
  try {
    answerPort.postMessage(message, transfer);
  } catch (error) {
    answerPort.postMessage({ id: message.id, ok: false, error: describe(error) });
  }
  if (now) {
    Atomics.store(answered, 0, 1);
    Atomics.notify(answered, 0);
  }
}

// Requests marked ahead, and the rest, each in the order received; one runs at a time. The next
// one is chosen in the check phase, after every message that arrived meanwhile has been queued
// (messages that come while a statement runs are all delivered after it).
const ahead = [];
const queued = [];
let opened = false;
let running = false;
let scheduled = false;

function schedule() {
  if (running || scheduled || !opened) return;
  scheduled = true;
  setImmediate(next);
}

function next() {
  scheduled = false;
  const request = ahead.length > 0 ? ahead.shift() : queued.shift();
  if (request === undefined) return;
  if (request.kind === 'query' && request.params.some(isDeflated)) {
    // Compress as a step of its own, then choose again: a request marked ahead that came in
    // meanwhile runs before this statement instead of waiting for it too.
    try {
      request.params = materialise(request.params);
    } catch (error) {
      reply(request.now === true, { id: request.id, ok: false, error: describe(error) });
      schedule();
      return;
    }
    (request.ahead === true ? ahead : queued).unshift(request);
    schedule();
    return;
  }
  running = true;
  run(request)
    .then(
      ([message, transfer]) => reply(request.now === true, message, transfer),
      (error) => reply(request.now === true, { id: request.id, ok: false, error: describe(error) }),
    )
    .finally(() => {
      running = false;
      schedule();
    });
}

open().then(
  () => parentPort.postMessage({ ready: true }),
  (error) => parentPort.postMessage({ ready: false, message: describe(error).message }),
).finally(() => {
  opened = true;
  schedule();
});

parentPort.on('message', (request) => {
  (request.ahead === true ? ahead : queued).push(request);
  schedule();
});
`;
