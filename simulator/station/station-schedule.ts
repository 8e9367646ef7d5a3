import type { Clock } from '../../common/clock.js';
import { AlignedTicker } from './aligned-ticker.js';
import type { StationConfig } from './station-config.js';

/** What the schedule calls. */
export interface ScheduleHandlers {
  /** A sampling instant (MeterValueSampleInterval). */
  sample(nowMs: number): void;
  /** A heartbeat is due. */
  heartbeat(): void;
}

/**
 * The station's periodic work on a clock-aligned ticker: meter sampling at MeterValueSampleInterval
 * (shifted by `offsetMs`) and heartbeats at HeartbeatInterval while registered. Re-arms when the
 * configuration changes.
 */
export class StationSchedule {
  readonly #ticker: AlignedTicker;
  readonly #ownTicker: boolean;
  #stopSample: (() => void) | undefined;
  #stopHeartbeat: (() => void) | undefined;

  constructor(
    clock: Clock,
    ticker: AlignedTicker | undefined,
    private readonly config: StationConfig,
    private readonly handlers: ScheduleHandlers,
    private readonly offsetMs: number,
  ) {
    this.#ownTicker = ticker === undefined;
    this.#ticker = ticker ?? new AlignedTicker(clock);
  }

  /** (Re)starts sampling at the configured interval (0 = none). */
  startSampling(): void {
    this.#stopSample?.();
    this.#stopSample = undefined;
    const intervalS = this.config.getInt('MeterValueSampleInterval');
    if (intervalS <= 0) return;
    this.#stopSample = this.#ticker.every(
      intervalS * 1000,
      (now) => this.handlers.sample(now),
      this.offsetMs,
    );
  }

  /** (Re)starts heartbeats at the configured interval (0 = none). */
  startHeartbeat(): void {
    this.stopHeartbeat();
    const intervalS = this.config.getInt('HeartbeatInterval');
    if (intervalS <= 0) return;
    this.#stopHeartbeat = this.#ticker.every(intervalS * 1000, () => this.handlers.heartbeat());
  }

  /** Stops heartbeats (the connection is gone). */
  stopHeartbeat(): void {
    this.#stopHeartbeat?.();
    this.#stopHeartbeat = undefined;
  }

  /** Stops everything. */
  stop(): void {
    this.#stopSample?.();
    this.#stopSample = undefined;
    this.stopHeartbeat();
    if (this.#ownTicker) this.#ticker.stopAll();
  }
}
