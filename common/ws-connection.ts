import type { WebSocket } from 'ws';
import type { ActivityTracker } from './activity-tracker.js';
import { CloseListeners, FrameInbox } from './connection-inbox.js';
import { checkCloseArguments } from './handshake.js';
import { ConnectionClosedError } from './ocpp-errors.js';
import type { OcppSubprotocol } from './ocpp-version.js';
import type { Connection } from './transport.js';
import { onReportedClose, wsDataToString } from './ws-close-report.js';

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
  readonly #inbox: FrameInbox;
  readonly #closeListeners = new CloseListeners();
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
    this.#inbox = new FrameInbox(
      stationId,
      () => ws.close(1011, 'internal error while handling a frame'),
      link === undefined ? undefined : () => link.tracker.frameReceived(link.linkId),
    );
    ws.on('message', (data, isBinary) => {
      const frame = isBinary ? Buffer.from(data as Buffer).toString('utf8') : wsDataToString(data);
      this.#inbox.deliver(frame);
    });
    this.#closedPromise = new Promise((resolve) => {
      onReportedClose(ws, (code, reason) => {
        if (this.#link !== undefined) this.#link.tracker.linkClosed(this.#link.linkId);
        this.#closeListeners.fire(code, reason);
        resolve();
      });
    });
  }

  get isOpen(): boolean {
    return this.#closeListeners.closed === undefined && this.#ws.readyState === this.#ws.OPEN;
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
    if (this.#closeListeners.closed !== undefined) return Promise.resolve();
    try {
      checkCloseArguments(code, reason);
      this.#ws.close(code, reason);
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
    return this.#closedPromise;
  }

  onMessage(handler: (frame: string) => void): void {
    this.#inbox.setHandler((frame) => handler(frame!)); // every frame read off a socket has its text
  }

  onClose(handler: (code: number, reason: string) => void): void {
    this.#closeListeners.add(handler);
  }

  /** Ends the connection at once without a closing handshake (the peer sees 1006). */
  terminate(): void {
    this.#ws.terminate();
  }
}
