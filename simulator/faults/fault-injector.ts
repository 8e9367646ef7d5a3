import type { Clock } from '../../common/clock.js';
import type { OcppVersion } from '../../common/ocpp-version.js';
import type { Rng } from '../../common/rng.js';
import type { Connection } from '../../common/transport.js';
import { MALFORMED_KINDS } from './fault-spec.js';
import type { FaultSpec } from './fault-spec.js';
import { FaultyConnection } from './faulty-connection.js';

/** The station abilities the injector drives for scheduled faults. */
export interface FaultTarget {
  readonly evses: readonly { readonly id: number }[];
  dropConnection(downMs: number): void;
  sendMalformed(kind: (typeof MALFORMED_KINDS)[number]): Promise<void>;
  resetMeter(evseId: number): void;
}

/** What a {@link FaultInjector} needs. */
export interface FaultInjectorOptions {
  readonly clock: Clock;
  readonly rng: Rng;
  readonly version: OcppVersion;
  readonly stationId: string;
  readonly station: FaultTarget;
}

/**
 * Injects one station's faults: frame-level ones by wrapping each new connection, scheduled ones
 * (disconnects, malformed frames, meter resets) with clock timers. All chance comes from the
 * station's seeded stream.
 */
export class FaultInjector {
  readonly #handles = new Map<string, ReturnType<Clock['setTimer']>>();
  #malformedIndex = 0;

  constructor(
    readonly spec: FaultSpec,
    private readonly options: FaultInjectorOptions,
  ) {}

  /** Wraps a new connection when frame-level faults are configured. */
  wrap(connection: Connection): Connection {
    const s = this.spec;
    const frameFaults =
      s.delay !== undefined ||
      (s.dropRate ?? 0) > 0 ||
      (s.duplicateRate ?? 0) > 0 ||
      s.slowResponse !== undefined ||
      s.swapStatuses !== undefined ||
      s.dropField !== undefined ||
      s.ignoreProfiles === true ||
      s.skipFirmwareStatus !== undefined;
    if (!frameFaults) return connection;
    return new FaultyConnection(connection, s, this.options.clock, this.options.rng.fork('frames'));
  }

  /** Starts the scheduled faults. */
  start(): void {
    const { clock, station } = this.options;
    const every = (name: string, ms: number, fn: () => void): void => {
      const arm = (): void => {
        this.#handles.set(
          name,
          clock.setTimer(() => {
            fn();
            arm();
          }, ms),
        );
      };
      arm();
    };
    const s = this.spec;
    if (s.disconnect !== undefined) {
      const downMs = s.disconnect.downMs ?? 0;
      every('disconnect', s.disconnect.everyMs, () => station.dropConnection(downMs));
    }
    if (s.malformed !== undefined) {
      const kinds = s.malformed.kinds ?? MALFORMED_KINDS;
      every('malformed', s.malformed.everyMs, () => {
        const kind = kinds[this.#malformedIndex++ % kinds.length]!;
        station.sendMalformed(kind).catch(() => undefined);
      });
    }
    if (s.meterReset !== undefined) {
      every('meter-reset', s.meterReset.everyMs, () => {
        for (const evse of station.evses) station.resetMeter(evse.id);
      });
    }
  }

  /** Cancels the scheduled faults. */
  stop(): void {
    for (const h of this.#handles.values()) this.options.clock.clearTimer(h);
    this.#handles.clear();
  }
}
