import { ConnectionClosedError } from '../../common/ocpp-errors.js';
import { subprotocolOf } from '../../common/ocpp-version.js';
import type { OcppVersion } from '../../common/ocpp-version.js';
import type { Connection, Transport } from '../../common/transport.js';
import type { ReconnectBackoff } from './reconnect-backoff.js';
import type { StationState } from './station-events.js';
import type { BootReason, ProtocolLink, StationProtocol } from './station-protocol.js';
import type { BootResult, RegistrationStatus } from './station-types.js';
import type { TimerSet } from './timer-set.js';

/** What the link needs from its station. */
export interface LinkHost {
  readonly id: string;
  readonly version: OcppVersion;
  readonly transport: Transport;
  readonly csmsUrl: string;
  readonly protocol: StationProtocol;
  readonly timers: TimerSet;
  readonly backoff: ReconnectBackoff;
  /** Wraps a new connection (fault injection), or returns it as is. */
  wrap(connection: Connection): Connection;
  setState(state: StationState): void;
  problem(message: string): void;
  /** Registration accepted (the answer to a boot). */
  onAccepted(result: BootResult): void;
  /** The connection is gone (closed, dropped or reset). */
  onLost(): void;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The station's connection and registration: connects, boots (honouring Accepted, Pending and
 * Rejected with their interval), reconnects with back-off, and drops or resets on request. Each
 * connection has a generation, so late events of an old one are ignored.
 */
export class StationLink {
  #link: ProtocolLink | undefined;
  #gen = 0;
  #registration: RegistrationStatus | undefined;
  #bootReason: BootReason = 'PowerUp';
  #running = false;

  constructor(private readonly host: LinkHost) {}

  /** Connected and registration accepted. */
  get isOnline(): boolean {
    return this.#link !== undefined && this.#registration === 'Accepted';
  }

  /** The open link, if any. */
  get current(): ProtocolLink | undefined {
    return this.#link;
  }

  /** Connects and starts booting (reason PowerUp); resolves after the first connection attempt. */
  async start(): Promise<void> {
    this.#running = true;
    this.#bootReason = 'PowerUp';
    await this.#connect();
  }

  /** Closes the connection for good. */
  async stop(): Promise<void> {
    this.#running = false;
    this.#gen++;
    const link = this.#link;
    this.#link = undefined;
    this.#registration = undefined;
    if (link !== undefined) await link.close(1000, 'station stopped').catch(() => undefined);
  }

  /** Drops the connection now and reconnects after `downMs` (then with back-off). */
  drop(downMs: number): boolean {
    const link = this.#link;
    if (link === undefined) return false;
    this.#gen++;
    this.#lost();
    this.host.timers.set('reconnect', () => void this.#connect(), downMs);
    link.close(1001, 'connection lost').catch(() => undefined);
    return true;
  }

  /**
   * Closes the connection as a reboot does and connects again after `delayMs`, booting with
   * `reason` (RemoteReset unless told otherwise, e.g. FirmwareUpdate after an installation).
   */
  async reboot(kind: 'Hard' | 'Soft', delayMs: number, reason: BootReason = 'RemoteReset'): Promise<void> {
    if (!this.#running) return;
    this.host.setState('resetting');
    const link = this.#link;
    this.#gen++;
    this.#lost();
    if (link !== undefined) await link.close(1000, `${kind.toLowerCase()} reset`).catch(() => undefined);
    this.#bootReason = reason;
    this.host.timers.set('reboot', () => void this.#connect(), delayMs);
  }

  /** Sends a BootNotification on the current connection (TriggerMessage). */
  triggerBoot(): void {
    void this.#boot(this.#gen, 'Triggered');
  }

  async #connect(): Promise<void> {
    if (!this.#running) return;
    const h = this.host;
    const gen = ++this.#gen;
    h.setState('connecting');
    let connection: Connection;
    try {
      const attempt = h.transport.connect(h.csmsUrl, h.id, [subprotocolOf(h.version)]);
      connection = await (h.transport.tracker?.track(attempt) ?? attempt);
    } catch (error) {
      if (gen !== this.#gen) return;
      // The transport's message names the URL and the cause.
      h.problem(describe(error));
      h.setState('offline');
      h.timers.set('reconnect', () => void this.#connect(), h.backoff.nextDelayMs());
      return;
    }
    if (gen !== this.#gen) {
      await connection.close(1000, 'superseded').catch(() => undefined);
      return;
    }
    const link = h.protocol.attach(h.wrap(connection));
    this.#link = link;
    link.onClose((code, reason) => {
      if (gen !== this.#gen) return;
      h.problem(`connection closed (${code}${reason === '' ? '' : ` ${reason}`})`);
      this.#lost();
      h.timers.set('reconnect', () => void this.#connect(), h.backoff.nextDelayMs());
    });
    h.setState('booting');
    void this.#boot(gen, this.#bootReason);
  }

  #lost(): void {
    this.#link = undefined;
    this.#registration = undefined;
    this.host.timers.clear('boot');
    this.host.onLost();
  }

  async #boot(gen: number, reason: BootReason): Promise<void> {
    const h = this.host;
    if (gen !== this.#gen || this.#link === undefined) return;
    let result: BootResult;
    try {
      result = await h.protocol.bootNotification(reason);
    } catch (error) {
      if (gen !== this.#gen || error instanceof ConnectionClosedError) return;
      h.problem(`BootNotification failed: ${describe(error)}`);
      h.timers.set('boot', () => void this.#boot(gen, reason), h.backoff.nextDelayMs());
      return;
    }
    if (gen !== this.#gen) return;
    if (reason === 'Triggered' && this.#registration === 'Accepted') return;
    this.#registration = result.status;
    if (result.status === 'Accepted') {
      h.backoff.reset();
      this.#bootReason = 'PowerUp';
      h.setState('accepted');
      h.onAccepted(result);
      return;
    }
    h.setState(result.status === 'Pending' ? 'pending' : 'rejected');
    const retryS = result.intervalS > 0 ? result.intervalS : 60;
    h.timers.set('boot', () => void this.#boot(gen, reason), retryS * 1000);
  }
}
