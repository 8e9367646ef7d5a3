import type { ActivityTracker } from './activity-tracker.js';
import { checkCloseCode } from './handshake.js';
import { ConnectionClosedError } from './ocpp-errors.js';
import type { OcppSubprotocol } from './ocpp-version.js';
import type { Connection } from './transport.js';

type Item = { kind: 'frame'; frame: string } | { kind: 'close'; code: number; reason: string };

/** Settings of one end of an in-process link. */
export interface MemoryEndOptions {
  readonly stationId: string;
  readonly protocol: OcppSubprotocol;
  readonly maxFrameBytes: number;
  readonly tracker?: ActivityTracker;
  readonly linkId: string;
}

/**
 * One end of an in-process connection. Frames reach the other end asynchronously (a later
 * event-loop turn, never inside `send`), in order; the closing handshake mirrors WebSocket: the
 * closer stops sending, frames already sent by the peer still arrive, both ends see the code.
 */
export class MemoryEnd implements Connection {
  readonly stationId: string;
  readonly protocol: OcppSubprotocol;
  #peer: MemoryEnd | undefined;
  readonly #options: MemoryEndOptions;
  readonly #inbox: Item[] = [];
  #drainScheduled = false;
  #onMessage: ((frame: string) => void) | undefined;
  readonly #held: string[] = [];
  readonly #closeListeners: ((code: number, reason: string) => void)[] = [];
  #closeSent = false;
  /** Size of a refused oversize frame: once set, reading has stopped. */
  #tooLarge: number | undefined;
  #closed: { code: number; reason: string } | undefined;
  readonly #closedPromise: Promise<void>;
  #resolveClosed!: () => void;

  constructor(options: MemoryEndOptions) {
    this.#options = options;
    this.stationId = options.stationId;
    this.protocol = options.protocol;
    this.#closedPromise = new Promise((resolve) => (this.#resolveClosed = resolve));
  }

  /** Joins two ends into a connection. */
  static pair(a: MemoryEnd, b: MemoryEnd): void {
    a.#peer = b;
    b.#peer = a;
  }

  get isOpen(): boolean {
    return !this.#closeSent && this.#closed === undefined;
  }

  send(frame: string): Promise<void> {
    if (!this.isOpen) {
      return Promise.reject(new ConnectionClosedError(`connection of ${this.stationId} is closed`));
    }
    this.#options.tracker?.frameSent(this.#options.linkId);
    this.#peer!.#enqueue({ kind: 'frame', frame });
    return Promise.resolve();
  }

  close(code = 1000, reason = ''): Promise<void> {
    if (this.#closeSent || this.#closed !== undefined) return this.#closedPromise;
    try {
      checkCloseCode(code);
      if (Buffer.byteLength(reason) > 123) throw new RangeError('close reason must be at most 123 bytes');
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
    this.#sendClose(code, reason);
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

  #sendClose(code: number, reason: string): void {
    this.#closeSent = true;
    this.#peer!.#enqueue({ kind: 'close', code, reason });
  }

  #enqueue(item: Item): void {
    this.#inbox.push(item);
    if (this.#drainScheduled) return;
    this.#drainScheduled = true;
    setImmediate(() => this.#drain());
  }

  #drain(): void {
    this.#drainScheduled = false;
    const items = this.#inbox.splice(0);
    for (const item of items) {
      if (this.#closed !== undefined) return;
      if (item.kind === 'close') this.#receiveClose(item.code, item.reason);
      else this.#receiveFrame(item.frame);
    }
  }

  #receiveFrame(frame: string): void {
    if (this.#closeSent && this.#tooLarge !== undefined) return; // refused: reading has stopped
    const bytes = Buffer.byteLength(frame);
    if (bytes > this.#options.maxFrameBytes) {
      this.#tooLarge = bytes;
      if (!this.#closeSent) this.#sendClose(1009, 'Max payload size exceeded');
      return;
    }
    if (this.#onMessage === undefined || this.#held.length > 0) this.#held.push(frame);
    else this.#run(frame);
  }

  #receiveClose(code: number, reason: string): void {
    if (!this.#closeSent) this.#sendClose(code, reason);
    this.#closed = { code, reason };
    if (this.#options.tracker !== undefined) this.#options.tracker.linkClosed(this.#options.linkId);
    for (const l of this.#closeListeners) l(code, reason);
    this.#resolveClosed();
  }

  #run(frame: string): void {
    try {
      this.#onMessage!(frame);
    } catch (err) {
      // A receiver must not throw; if one does, the connection ends with 1011 and a warning says why.
      process.emitWarning(
        `message handler of ${this.stationId} threw: ${err instanceof Error ? err.message : String(err)}`,
      );
      if (!this.#closeSent) this.#sendClose(1011, 'internal error while handling a frame');
    } finally {
      this.#options.tracker?.frameReceived(this.#options.linkId);
    }
  }
}
