import type { Server as HttpServer, IncomingHttpHeaders } from 'node:http';
import type { ActivityTracker } from './activity-tracker.js';
import type { ParsedCall, ParsedCallResult, ParsedFrame } from './ocpp-frame.js';
import type { OcppSubprotocol } from './ocpp-version.js';

/**
 * One side of an open OCPP connection: text frames in, text frames out. A connection whose peer
 * runs in this process may also carry a frame's parsed form beside its text, so that the peer
 * need not parse the text again, or instead of it (`sendParsed`), so that a text nobody reads is
 * never printed: whoever reads it builds it from the parsed form, which gives the same bytes.
 */
export interface Connection {
  /** Station identity (from the URL path on the server side, as given on the client side). */
  readonly stationId: string;
  /** The negotiated subprotocol. */
  readonly protocol: OcppSubprotocol;
  /** True until the connection closes. */
  readonly isOpen: boolean;
  /**
   * True when the peer takes a frame's parsed form with its text (see `send`); for a connection
   * without it, a sender builds no parsed form.
   */
  readonly carriesParsed?: boolean;
  /**
   * Sends one text frame. Rejects with ConnectionClosedError when the connection is closed.
   * `parsed`, when given, must be what `parseFrame(frame)` gives, and be the sender's no longer:
   * the receiver may keep or change it.
   */
  send(frame: string, parsed?: ParsedFrame): Promise<void>;
  /**
   * Where `carriesParsed`: sends a CALL or CALLRESULT as its parsed form alone (plain JSON data,
   * the sender's no longer). `bytesAtMost` bounds the UTF-8 size of its text (`jsonBytesAtMost`),
   * so that a receiver needs the text for its size limit only when the bound exceeds it. A
   * receiver registered with `onMessage` still gets the text, built from the parsed form.
   */
  sendParsed?(parsed: ParsedCall | ParsedCallResult, bytesAtMost: number): Promise<void>;
  /** Closes the connection (normal closure 1000 by default); resolves when closed. */
  close(code?: number, reason?: string): Promise<void>;
  /**
   * Registers the receiver of every incoming text frame (one receiver; a later call replaces it),
   * with the frame's parsed form when the sender gave one.
   */
  onMessage(handler: (frame: string, parsed?: ParsedFrame) => void): void;
  /**
   * Where `carriesParsed`: registers the receiver instead of `onMessage`, taking frames sent by
   * `sendParsed` without their text (`frame` undefined, `parsed` and `bytesAtMost` given).
   */
  onParsedMessage?(handler: ParsedMessageHandler): void;
  /** Registers a listener for the close, with the close code and reason. */
  onClose(handler: (code: number, reason: string) => void): void;
}

/** A receiver of frames that may come without their text (see {@link Connection.onParsedMessage}). */
export type ParsedMessageHandler = (
  frame: string | undefined,
  parsed: ParsedFrame | undefined,
  bytesAtMost: number | undefined,
) => void;

/** What a server learns about a connecting station before accepting it. */
export interface ConnectionRequest {
  readonly stationId: string;
  readonly protocol: OcppSubprotocol;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly remoteAddress?: string;
}

/** Options for {@link Transport.listen}. */
export interface ListenOptions {
  /** Subprotocols accepted, in order of preference. Default: both. */
  protocols?: readonly OcppSubprotocol[];
  /** ws: an existing HTTP server to share (express app on the same port). */
  httpServer?: HttpServer;
  /** ws: port and host when no `httpServer` is given (port 0 picks a free one). */
  port?: number;
  host?: string;
  /** Largest accepted frame in bytes; larger frames close the connection with 1009. Default 64 KiB. */
  maxFrameBytes?: number;
  /** memory: the name stations connect to as `memory://NAME/…`. */
  name?: string;
  /**
   * Decides whether to accept a station before the connection opens; return a string to refuse
   * with that reason (HTTP 401 at the handshake), or a {@link TransportRefusal} to choose the
   * status (404 for an unknown station).
   */
  authorize?: (
    request: ConnectionRequest,
  ) => true | string | TransportRefusal | Promise<true | string | TransportRefusal>;
  /** ws: negotiate permessage-deflate with clients that offer it. Default off. */
  perMessageDeflate?: boolean;
}

/** A handshake refusal with an explicit HTTP status: 401 (not authorised) or 404 (unknown station). */
export interface TransportRefusal {
  readonly status: 401 | 404;
  readonly reason: string;
}

/** A listening server: accepted connections are handed to `onConnection`. */
export interface TransportServer {
  /** Base URL stations connect to, e.g. `ws://127.0.0.1:9000/ocpp`; append `/{stationId}`. */
  readonly url: string;
  /** Registers the receiver of each accepted connection. */
  onConnection(handler: (connection: Connection, request: ConnectionRequest) => void): void;
  /** Stops accepting and closes every open connection. */
  close(): Promise<void>;
}

/** Options for {@link Transport.connect}. */
export interface ConnectOptions {
  /** Largest accepted frame in bytes. Default 64 KiB. */
  maxFrameBytes?: number;
  /** Extra handshake headers (e.g. Basic auth). */
  headers?: Record<string, string>;
  /** Handshake timeout in wall milliseconds. Default 10 s. */
  handshakeTimeoutMs?: number;
  /** ws: offer permessage-deflate. Default off. */
  perMessageDeflate?: boolean;
}

/**
 * How a station reaches a CSMS. Two implementations: `ws` (real sockets; the default, and
 * always when one side is external) and `memory` (an in-process pair).
 */
export interface Transport {
  /** Short name: 'ws' or 'memory'. */
  readonly kind: 'ws' | 'memory';
  /** Frames on this transport's links are counted here (both ends must share it). */
  readonly tracker?: ActivityTracker;
  /** Starts a server. */
  listen(options: ListenOptions): Promise<TransportServer>;
  /**
   * Opens a connection to `baseUrl` + `/` + `stationId` offering `protocols` (in order).
   * Rejects with a message that names the URL and says why when the connection cannot be made or
   * the server refuses (`cannot connect to ws://…/CP1: connect ECONNREFUSED …`).
   */
  connect(
    baseUrl: string,
    stationId: string,
    protocols: readonly OcppSubprotocol[],
    options?: ConnectOptions,
  ): Promise<Connection>;
}

/** Default largest frame, in bytes. */
export const DEFAULT_MAX_FRAME_BYTES = 64 * 1024;
