import { createMemoryTransport } from '../../../common/memory-transport.js';
import type { OcppVersion } from '../../../common/ocpp-version.js';
import { VirtualClock } from '../../../common/virtual-clock.js';
import type { FaultSpec } from '../../../simulator/faults/fault-spec.js';
import type { ConformanceCase } from '../conformance-case.js';
import { runCertify, type ConformanceRun } from '../run-certify.js';
import { simulatedCharger } from '../simulated-charger.js';

/** Certifies our simulated charger (optionally with faults) in virtual time over the memory transport. */
export async function certifySimulated(
  version: OcppVersion,
  cases: readonly ConformanceCase[],
  options: { faults?: FaultSpec; seed?: number; log?: (line: string) => void } = {},
): Promise<ConformanceRun> {
  const clock = new VirtualClock({ startMs: Date.parse('2025-03-01T08:00:00Z') });
  const transport = createMemoryTransport({ tracker: clock.tracker });
  const stationId = version === '1.6' ? 'CUT16' : 'CUT201';
  const sim = simulatedCharger({
    version,
    stationId,
    clock,
    transport,
    seed: options.seed ?? 7,
    ...(options.faults === undefined ? {} : { faults: options.faults }),
  });
  try {
    return await runCertify({
      version,
      stationId,
      cases,
      clock,
      transport,
      operator: sim.operator,
      ...(options.log === undefined ? {} : { log: options.log }),
    });
  } finally {
    for (const s of sim.stations) await s.stop();
  }
}
