import type { Clock } from '../../common/clock.js';
import type { OcppVersion } from '../../common/ocpp-version.js';
import { Rng } from '../../common/rng.js';
import type { Transport } from '../../common/transport.js';
import { defaultValidator } from '../../schemas/validator.js';
import type { FaultSpec } from '../../simulator/faults/fault-spec.js';
import { createStation } from '../../simulator/station/create-station.js';
import type { Station } from '../../simulator/station/station-core.js';
import type { ChargerHarness } from './charger-harness.js';
import type { Operator } from './operator.js';
import { SimulatedChargerOperator } from './simulated-charger-operator.js';

/** Options of {@link simulatedCharger}. */
export interface SimulatedChargerOptions {
  readonly version: OcppVersion;
  readonly stationId: string;
  readonly clock: Clock;
  /** The transport the simulated charger connects over (the test-mode CSMS's). */
  readonly transport: Transport;
  readonly seed: string | number;
  readonly faults?: FaultSpec;
}

/**
 * Our own simulated charger as the charger under test: built and started once the test-mode
 * CSMS listens, driven by a {@link SimulatedChargerOperator}. Pass the result as `operator` of
 * `runCertify`; `stations` holds the station for stopping it afterwards.
 */
export function simulatedCharger(options: SimulatedChargerOptions): {
  operator: (harness: ChargerHarness) => Promise<Operator>;
  stations: Station[];
} {
  const stations: Station[] = [];
  return {
    stations,
    operator: async (harness) => {
      const station = createStation({
        id: options.stationId,
        version: options.version,
        csmsUrl: harness.baseUrl,
        transport: options.transport,
        clock: options.clock,
        rng: new Rng(options.seed).fork(`station/${options.stationId}`),
        validator: defaultValidator(),
        meterIntervalS: 60,
        rebootDelayMs: 2_000,
        backoff: { minMs: 1_000, maxMs: 5_000 },
        ...(options.faults === undefined ? {} : { faults: options.faults }),
      });
      stations.push(station);
      await station.start();
      return new SimulatedChargerOperator(station, harness.session.wait, (reachable) =>
        harness.setReachable(reachable),
      );
    },
  };
}
