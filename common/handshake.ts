import type { OcppSubprotocol } from './ocpp-version.js';
import type { ConnectionRequest, ListenOptions } from './transport.js';

/** Subprotocols a server accepts when `ListenOptions.protocols` is not given (preference order). */
export const DEFAULT_SUBPROTOCOLS: readonly OcppSubprotocol[] = ['ocpp2.0.1', 'ocpp1.6'];

/** Header carrying the ActivityTracker link id from client to server (and echoed back). */
export const LINK_HEADER = 'x-ocpp-harness-link';

/** A refusal at the handshake: the HTTP status a ws server answers with and a reason in words. */
export class HandshakeRefusal extends Error {
  override readonly name = 'HandshakeRefusal';
  /**
   * @param status HTTP status (400 bad request, 401 unauthorized, 404 unknown station)
   * @param reason what is wrong and what to change; sent as the response body
   */
  constructor(
    readonly status: 400 | 401 | 404,
    readonly reason: string,
  ) {
    super(`HTTP ${status} ${statusText(status)}: ${reason}`);
  }
}

/** The standard reason phrase of a refusal status. */
export function statusText(status: number): string {
  if (status === 400) return 'Bad Request';
  if (status === 401) return 'Unauthorized';
  if (status === 404) return 'Not Found';
  if (status === 426) return 'Upgrade Required';
  if (status === 500) return 'Internal Server Error';
  if (status === 503) return 'Service Unavailable';
  return 'Error';
}

/** Rejection of `Transport.connect` when the server refuses the handshake; `reason` is the server's. */
export class ConnectionRefusedError extends Error {
  override readonly name = 'ConnectionRefusedError';
  /**
   * @param url the URL that was dialled
   * @param status HTTP status of the refusal
   * @param reason the server's reason (response body)
   */
  constructor(
    readonly url: string,
    readonly status: number,
    readonly reason: string,
  ) {
    super(`connection to ${url} refused: HTTP ${status} ${statusText(status)}: ${reason}`);
  }
}

/**
 * Picks the server's most preferred subprotocol among those the client offered.
 * @throws HandshakeRefusal (400) naming what was offered and what is supported
 */
export function negotiateSubprotocol(
  offered: readonly string[],
  supported: readonly OcppSubprotocol[],
): OcppSubprotocol {
  for (const p of supported) if (offered.includes(p)) return p;
  const offeredText = offered.length === 0 ? 'none' : offered.join(', ');
  throw new HandshakeRefusal(
    400,
    `no supported OCPP subprotocol offered: the station offered ${offeredText}; ` +
      `this server supports ${supported.join(', ')} (offer one of them in Sec-WebSocket-Protocol)`,
  );
}

/** Splits a `Sec-WebSocket-Protocol` header value into the offered names. */
export function parseProtocolHeader(value: string | undefined): string[] {
  if (value === undefined) return [];
  return value
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
}

/**
 * The station identity: the URL path's last segment, URL-decoded (`/ocpp/CP001` -> `CP001`; any
 * base path works, `/any/base/CP001` too).
 * @throws HandshakeRefusal when the path has no last segment (404) or it is badly encoded (400)
 */
export function stationIdFromPath(path: string): string {
  const pathname = path.split('?')[0]!.split('#')[0]!;
  const segments = pathname.split('/');
  const last = segments[segments.length - 1] ?? '';
  if (last === '' || segments.length < 2) {
    throw new HandshakeRefusal(404, `no station id in path "${pathname}": connect to <base url>/{stationId}`);
  }
  try {
    return decodeURIComponent(last);
  } catch {
    throw new HandshakeRefusal(400, `station id "${last}" is not valid percent-encoding: URL-encode the id`);
  }
}

/** The URL a client connects to: the base URL with the URL-encoded station id appended. */
export function stationUrl(baseUrl: string, stationId: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/${encodeURIComponent(stationId)}`;
}

/**
 * Runs the server's `authorize` hook; a string answer refuses with 401, a
 * {@link TransportRefusal}-shaped answer with its own status.
 * @throws HandshakeRefusal when refused
 */
export async function runAuthorize(options: ListenOptions, request: ConnectionRequest): Promise<void> {
  if (options.authorize === undefined) return;
  const verdict = await options.authorize(request);
  if (verdict === true) return;
  if (typeof verdict === 'string') throw new HandshakeRefusal(401, verdict);
  throw new HandshakeRefusal(verdict.status, verdict.reason);
}

/** Checks a maxFrameBytes option; throws with what to change. */
export function checkMaxFrameBytes(value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value <= 0) {
    throw new Error(`maxFrameBytes must be a positive integer number of bytes, got ${value}`);
  }
  return value;
}

/** Throws a RangeError naming what to change when a close code or reason may not be sent. */
export function checkCloseArguments(code: number, reason: string): void {
  const ok =
    (code >= 1000 && code <= 1014 && code !== 1004 && code !== 1005 && code !== 1006) ||
    (code >= 3000 && code <= 4999);
  if (!Number.isInteger(code) || !ok) {
    throw new RangeError(`invalid close code ${code}: use 1000-1003, 1007-1014 or 3000-4999`);
  }
  if (Buffer.byteLength(reason) > 123) throw new RangeError('close reason must be at most 123 bytes');
}
