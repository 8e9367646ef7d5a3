import type { OcppVersion } from '../../common/ocpp-version.js';
import type { RpcEndpoint } from '../../common/rpc-endpoint.js';
import type { ActionMap } from '../../common/rpc-types.js';

/** What a connected station can be in. */
export type ConnectionState = 'CONNECTED' | 'STALE' | 'DISCONNECTED';

/** One connected station: its endpoint and what the CSMS knows about the connection. */
export class StationSession {
  /** Clock time of the last frame received, epoch ms. */
  lastSeenMs: number;
  /** False once the station was rejected (strict registration, or a Rejected boot). */
  admitted: boolean;
  /** Why the station is not admitted. */
  refusal: string | undefined;
  /** Whether a stale warning was already given for the current silence. */
  staleReported = false;
  #open = true;

  constructor(
    readonly stationId: string,
    readonly version: OcppVersion,
    readonly endpoint: RpcEndpoint<ActionMap, ActionMap>,
    readonly connectedAtMs: number,
    admission: { ok: true } | { ok: false; reason: string },
  ) {
    this.lastSeenMs = connectedAtMs;
    this.admitted = admission.ok;
    this.refusal = admission.ok ? undefined : admission.reason;
  }

  /** True until the connection closes. */
  get isOpen(): boolean {
    return this.#open;
  }

  /** Marks the connection closed. */
  markClosed(): void {
    this.#open = false;
  }

  /** CONNECTED, or STALE when nothing was heard for longer than `staleAfterMs`. */
  stateAt(nowMs: number, staleAfterMs: number): ConnectionState {
    if (!this.#open) return 'DISCONNECTED';
    return nowMs - this.lastSeenMs > staleAfterMs ? 'STALE' : 'CONNECTED';
  }
}
