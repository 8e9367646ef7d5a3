import type { WebSocket } from 'ws';
import type { ActivityTracker } from './activity-tracker.js';
import { checkCloseCode } from './handshake.js';
import { ConnectionClosedError } from './ocpp-errors.js';
import type { OcppSubprotocol } from './ocpp-version.js';
import type { Connection } from './transport.js';

/** Where a tracked link's frames are counted: the tracker and the link id both ends share. */
export interface TrackedLink {
  readonly tracker: ActivityTracker;
  readonly linkId: string;
}

/**
 * A {@link Connection} over one `ws` WebSocket (either end). Frames that arrive before a message
 * handler is registered are held and delivered, in order, once it is.
 */
export class WsConnection implements Connection {
  readonly #ws: WebSocket;
  readonly #link: TrackedLink | undefined;
  #onMessage: ((frame: string) => void) | undefined;
  readonly #held: string[] = [];
  readonly #closeListeners: ((code: number, reason: string) => void)[] = [];
  #closed: { code: number; reason: string } | undefined;
  readonly #closedPromise: Promise<void>;

  /**
   * @param ws an open WebSocket
   * @param stationId the station identity
   * @param protocol the negotiated subprotocol
   * @param link when set, frames are counted on this tracker link
   */
  constructor(
    ws: WebSocket,
    readonly stationId: string,
    readonly protocol: OcppSubprotocol,
    link: TrackedLink | undefined,
  ) {
    this.#ws = ws;
    this.#link = link;
    // Errors (an oversize frame, a reset) are followed by 'close'. When ws refused a frame it sends
    // the close code (1009 for an oversize frame) but stops reading, so its own 'close' reports 1006:
    // report the code it sent instead.
    let refusedWith: number | undefined;
    let refusedBecause = '';
    ws.on('error', (err) => {
      if (refusedWith !== undefined) return;
      refusedWith = statusCodeOf(err);
      refusedBecause = err.message;
    });
    ws.on('message', (data, isBinary) => {
      const frame = isBinary ? Buffer.from(data as Buffer).toString('utf8') : rawToString(data);
      this.#deliver(frame);
    });
    this.#closedPromise = new Promise((resolve) => {
      ws.once('close', (wireCode: number, wireReason: Buffer) => {
        const refused = wireCode === 1006 && refusedWith !== undefined;
        const code = refused ? refusedWith! : wireCode;
        this.#closed = { code, reason: refused ? refusedBecause : wireReason.toString('utf8') };
        if (this.#link !== undefined) this.#link.tracker.linkClosed(this.#link.linkId);
        for (const l of this.#closeListeners) l(code, this.#closed.reason);
        resolve();
      });
    });
  }

  get isOpen(): boolean {
    return this.#closed === undefined && this.#ws.readyState === this.#ws.OPEN;
  }

  send(frame: string): Promise<void> {
    if (!this.isOpen) {
      return Promise.reject(new ConnectionClosedError(`connection of ${this.stationId} is closed`));
    }
    if (this.#link !== undefined) this.#link.tracker.frameSent(this.#link.linkId);
    return new Promise((resolve, reject) => {
      this.#ws.send(frame, (err) => {
        if (err) reject(new ConnectionClosedError(`send to ${this.stationId} failed: ${err.message}`));
        else resolve();
      });
    });
  }

  close(code = 1000, reason = ''): Promise<void> {
    if (this.#closed !== undefined) return Promise.resolve();
    try {
      checkCloseCode(code);
      if (Buffer.byteLength(reason) > 123) throw new RangeError('close reason must be at most 123 bytes');
      this.#ws.close(code, reason);
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
    return this.#closedPromise;
  }

  onMessage(handler: (frame: string) => void): void {
    this.#onMessage = handler;
    while (this.#held.length > 0 && this.#onMessage === handler) this.#run(this.#held.shift()!);
  }

  onClose(handler: (code: number, reason: string) => void): void {
    if (this.#closed !== undefined) {
      const { code, reason } = this.#closed;
      queueMicrotask(() => handler(code, reason));
      return;
    }
    this.#closeListeners.push(handler);
  }

  /** Ends the connection at once without a closing handshake (the peer sees 1006). */
  terminate(): void {
    this.#ws.terminate();
  }

  #deliver(frame: string): void {
    if (this.#onMessage === undefined || this.#held.length > 0) this.#held.push(frame);
    else this.#run(frame);
  }

  #run(frame: string): void {
    try {
      this.#onMessage!(frame);
    } catch (err) {
      // A receiver must not throw; if one does, the connection ends with 1011 and a warning says why.
      process.emitWarning(`message handler of ${this.stationId} threw: ${describe(err)}`);
      this.#ws.close(1011, 'internal error while handling a frame');
    } finally {
      if (this.#link !== undefined) this.#link.tracker.frameReceived(this.#link.linkId);
    }
  }
}

function rawToString(data: unknown): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data as Buffer[]).toString('utf8');
  return Buffer.from(data as ArrayBuffer).toString('utf8');
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The close code ws attached to a protocol error (under its `status-code` symbol), if any. */
function statusCodeOf(err: Error): number | undefined {
  for (const sym of Object.getOwnPropertySymbols(err)) {
    if (sym.description === 'status-code') {
      const value = (err as unknown as Record<symbol, unknown>)[sym];
      return typeof value === 'number' ? value : undefined;
    }
  }
  return undefined;
}
