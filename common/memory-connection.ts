import type { ActivityTracker } from './activity-tracker.js';
import { CloseListeners, FrameInbox } from './connection-inbox.js';
import { checkCloseArguments } from './handshake.js';
import { ConnectionClosedError } from './ocpp-errors.js';
import { frameText, type ParsedCall, type ParsedCallResult, type ParsedFrame } from './ocpp-frame.js';
import { utf8BytesOver } from './utf8-bytes.js';
import type { OcppSubprotocol } from './ocpp-version.js';
import type { Connection, ParsedMessageHandler } from './transport.js';

/** The closing handshake, as it travels to the other end. */
interface Close {
  readonly code: number;
  readonly reason: string;
}

/**
 * What travels to the other end, three slots a frame: its text (undefined when sent parsed alone),
 * its parsed form (or undefined) and the bound on its size (or undefined); or a close and two
 * empty slots.
 */
type Item = string | ParsedFrame | number | undefined | Close;

/** What `send` returns: handed over, nothing to wait for (one settled promise serves every frame). */
const SENT: Promise<void> = Promise.resolve();

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
  /** The peer is in this process: a frame's parsed form travels with its text. */
  readonly carriesParsed = true;
  #peer: MemoryEnd | undefined;
  readonly #options: MemoryEndOptions;
  /**
   * Items waiting for the next drain (see {@link Item}; three slots rather than an object, to
   * allocate nothing per frame); swapped with `#draining` so that neither is reallocated.
   */
  #inbox: Item[] = [];
  #draining: Item[] = [];
  #drainScheduled = false;
  readonly #drainNow = (): void => this.#drain();
  readonly #frames: FrameInbox;
  readonly #closeListeners = new CloseListeners();
  #closeSent = false;
  /** Size of a refused oversize frame: once set, reading has stopped. */
  #tooLarge: number | undefined;
  readonly #closedPromise: Promise<void>;
  #resolveClosed!: () => void;

  constructor(options: MemoryEndOptions) {
    this.#options = options;
    this.stationId = options.stationId;
    this.protocol = options.protocol;
    this.#frames = new FrameInbox(
      options.stationId,
      () => {
        if (!this.#closeSent) this.#sendClose(1011, 'internal error while handling a frame');
      },
      () => options.tracker?.frameReceived(options.linkId),
    );
    this.#closedPromise = new Promise((resolve) => (this.#resolveClosed = resolve));
  }

  /** Joins two ends into a connection. */
  static pair(a: MemoryEnd, b: MemoryEnd): void {
    a.#peer = b;
    b.#peer = a;
  }

  get isOpen(): boolean {
    return !this.#closeSent && this.#closeListeners.closed === undefined;
  }

  send(frame: string, parsed?: ParsedFrame): Promise<void> {
    return this.#hand(frame, parsed, undefined);
  }

  sendParsed(parsed: ParsedCall | ParsedCallResult, bytesAtMost: number): Promise<void> {
    return this.#hand(undefined, parsed, bytesAtMost);
  }

  /** Hands a frame to the other end: its text, or its parsed form alone with its size bound. */
  #hand(
    frame: string | undefined,
    parsed: ParsedFrame | undefined,
    bytesAtMost: number | undefined,
  ): Promise<void> {
    if (!this.isOpen) {
      return Promise.reject(new ConnectionClosedError(`connection of ${this.stationId} is closed`));
    }
    this.#options.tracker?.frameSent(this.#options.linkId);
    this.#peer!.#enqueue(frame, parsed, bytesAtMost);
    return SENT;
  }

  close(code = 1000, reason = ''): Promise<void> {
    if (this.#closeSent || this.#closeListeners.closed !== undefined) return this.#closedPromise;
    try {
      checkCloseArguments(code, reason);
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
    this.#sendClose(code, reason);
    return this.#closedPromise;
  }

  onMessage(handler: (frame: string, parsed?: ParsedFrame) => void): void {
    // A frame sent parsed alone is a CALL or CALLRESULT: its text is built for this receiver.
    this.#frames.setHandler((frame, parsed) =>
      handler(frame ?? frameText(parsed as ParsedCall | ParsedCallResult), parsed),
    );
  }

  onParsedMessage(handler: ParsedMessageHandler): void {
    this.#frames.setHandler(handler);
  }

  onClose(handler: (code: number, reason: string) => void): void {
    this.#closeListeners.add(handler);
  }

  #sendClose(code: number, reason: string): void {
    this.#closeSent = true;
    this.#peer!.#enqueue({ code, reason }, undefined, undefined);
  }

  #enqueue(
    item: string | undefined | Close,
    parsed: ParsedFrame | undefined,
    bytesAtMost: number | undefined,
  ): void {
    this.#inbox.push(item, parsed, bytesAtMost);
    if (this.#drainScheduled) return;
    this.#drainScheduled = true;
    setImmediate(this.#drainNow);
  }

  /** Delivers what arrived before this turn; items enqueued meanwhile wait for the next drain. */
  #drain(): void {
    this.#drainScheduled = false;
    const items = this.#inbox;
    this.#inbox = this.#draining;
    this.#draining = items;
    try {
      for (let i = 0; i < items.length; i += 3) {
        if (this.#closeListeners.closed !== undefined) return;
        const item = items[i];
        const parsed = items[i + 1] as ParsedFrame | undefined;
        if (typeof item === 'object') this.#receiveClose(item as Close);
        else this.#receiveFrame(item as string | undefined, parsed, items[i + 2] as number | undefined);
      }
    } finally {
      items.length = 0;
    }
  }

  #receiveFrame(
    frame: string | undefined,
    parsed: ParsedFrame | undefined,
    bytesAtMost: number | undefined,
  ): void {
    if (this.#closeSent && this.#tooLarge !== undefined) return; // refused: reading has stopped
    const max = this.#options.maxFrameBytes;
    // A frame sent parsed alone is measured by its text only when its bound passes the limit.
    const text =
      frame ?? (bytesAtMost! > max ? frameText(parsed as ParsedCall | ParsedCallResult) : undefined);
    const bytes = text === undefined ? undefined : utf8BytesOver(text, max);
    if (bytes !== undefined) {
      this.#tooLarge = bytes;
      if (!this.#closeSent) this.#sendClose(1009, 'Max payload size exceeded');
      return;
    }
    this.#frames.deliver(text, parsed, bytesAtMost);
  }

  #receiveClose({ code, reason }: Close): void {
    if (!this.#closeSent) this.#sendClose(code, reason);
    if (this.#options.tracker !== undefined) this.#options.tracker.linkClosed(this.#options.linkId);
    this.#closeListeners.fire(code, reason);
    this.#resolveClosed();
  }
}
