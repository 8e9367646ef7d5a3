import type { ParsedFrame } from './ocpp-frame.js';
import type { ParsedMessageHandler } from './transport.js';

/** A received frame as the inbox holds it until a handler is registered. */
interface HeldFrame {
  readonly frame: string | undefined;
  readonly parsed: ParsedFrame | undefined;
  readonly bytesAtMost: number | undefined;
}

/**
 * The receiving side every {@link Connection} shares, whatever carries its frames: frames that
 * arrive before a message handler is registered are held and delivered in order once it is; a
 * handler that throws ends the connection (the transport decides how, normally close 1011) with a
 * warning naming the station; each delivered frame is reported once (for activity tracking).
 */
export class FrameInbox {
  #handler: ParsedMessageHandler | undefined;
  readonly #held: HeldFrame[] = [];
  #draining = false;

  /**
   * @param stationId named in the warning when a handler throws
   * @param onHandlerThrew ends the connection after a handler threw
   * @param onDelivered called after each frame reached the handler (thrown or not)
   */
  constructor(
    private readonly stationId: string,
    private readonly onHandlerThrew: () => void,
    private readonly onDelivered: () => void = () => undefined,
  ) {}

  /**
   * Registers the receiver (a later call replaces it) and hands it any held frames on the next
   * microtask, never inside this call: the code registering it (a constructor, say) finishes its
   * own set-up before the first frame arrives.
   */
  setHandler(handler: ParsedMessageHandler): void {
    this.#handler = handler;
    if (this.#held.length === 0 || this.#draining) return;
    this.#draining = true;
    queueMicrotask(() => {
      this.#draining = false;
      const current = this.#handler;
      while (this.#held.length > 0 && this.#handler === current) {
        const { frame, parsed, bytesAtMost } = this.#held.shift()!;
        this.#run(frame, parsed, bytesAtMost);
      }
    });
  }

  /**
   * Delivers a received frame (with its parsed form and size bound, if any) now, or holds it until
   * a handler is registered.
   */
  deliver(frame: string | undefined, parsed?: ParsedFrame, bytesAtMost?: number): void {
    if (this.#handler === undefined || this.#held.length > 0) this.#held.push({ frame, parsed, bytesAtMost });
    else this.#run(frame, parsed, bytesAtMost);
  }

  #run(frame: string | undefined, parsed: ParsedFrame | undefined, bytesAtMost: number | undefined): void {
    try {
      this.#handler!(frame, parsed, bytesAtMost);
    } catch (err) {
      // A receiver must not throw; if one does, the connection ends and a warning says why.
      process.emitWarning(
        `message handler of ${this.stationId} threw: ${err instanceof Error ? err.message : String(err)}`,
      );
      this.onHandlerThrew();
    } finally {
      this.onDelivered();
    }
  }
}

/**
 * The close listeners of a connection: each is called once with the close code and reason; one
 * registered after the close is called on the next microtask.
 */
export class CloseListeners {
  readonly #listeners: ((code: number, reason: string) => void)[] = [];
  #closed: { code: number; reason: string } | undefined;

  /** The close, once it happened. */
  get closed(): { readonly code: number; readonly reason: string } | undefined {
    return this.#closed;
  }

  /** Registers a listener (called at once, asynchronously, when already closed). */
  add(handler: (code: number, reason: string) => void): void {
    if (this.#closed !== undefined) {
      const { code, reason } = this.#closed;
      queueMicrotask(() => handler(code, reason));
      return;
    }
    this.#listeners.push(handler);
  }

  /** Records the close and tells every listener, in the order they were added. */
  fire(code: number, reason: string): void {
    this.#closed = { code, reason };
    for (const l of this.#listeners) l(code, reason);
  }
}
