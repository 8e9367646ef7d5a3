import type { Clock } from './clock.js';
import type { OcppVersion } from './ocpp-version.js';
import type { CallContext } from './rpc-incoming-call.js';
import type { FrameCounter, FrameTap, FrameValidator, RpcSide } from './rpc-types.js';
import type { Connection } from './transport.js';

/** Options of an {@link RpcEndpoint}. */
export interface RpcEndpointOptions {
  /** The open connection the endpoint speaks over (its subprotocol must match `version`). */
  connection: Connection;
  version: OcppVersion;
  /** Which side this endpoint plays; gives every tapped frame its absolute direction. */
  side: RpcSide;
  /** Time for timeouts, tap records and `CallContext.receivedAtMs`. */
  clock: Clock;
  /** Schema validation of every payload in and out. */
  validator: FrameValidator;
  /**
   * 'reject' (default, our own side): invalid incoming CALLs are answered with a CALLERROR,
   * invalid results reject the call, invalid outgoing payloads are not sent. 'record' (a CSMS or
   * charger under test): verdicts are only recorded, payloads pass as they are.
   */
  strictness?: 'reject' | 'record';
  /** Per-call timeout in clock milliseconds. Default 30 000. */
  callTimeoutMs?: number;
  /** Largest frame in UTF-8 bytes, both ways. Default 64 KiB. */
  maxFrameBytes?: number;
  /** Sees every frame in and out. */
  tap?: FrameTap;
  /**
   * Counts every frame in and out, without its text. Without a tap, calls to a peer in this
   * process then go as their parsed form alone, and no text is printed that nobody reads.
   */
  count?: FrameCounter;
  /** Message ids of outgoing CALLs. Default: a per-endpoint counter '1', '2', … (deterministic). */
  messageIds?: () => string;
  /**
   * Told when a handler fails with something other than an OcppError (the peer gets an
   * InternalError with a safe description). Default: a process warning naming the action.
   */
  onHandlerError?: (err: unknown, ctx: CallContext) => void;
}

/** `value` when it is a positive number of milliseconds. @throws naming the option otherwise */
export function checkTimeout(name: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0) {
    throw new Error(`${name} must be a positive number of milliseconds, got ${value}`);
  }
  return value;
}

/** The default `onHandlerError`: a process warning naming the action, station and message. */
export function warnHandlerError(err: unknown, ctx: CallContext): void {
  const what = err instanceof Error ? (err.stack ?? err.message) : String(err);
  process.emitWarning(
    `handler for ${ctx.action} (station ${ctx.stationId}, message ${ctx.messageId}) failed: ${what}`,
  );
}
