import { describe, expect, it } from 'vitest';
import { createMemoryTransport } from '../../common/memory-transport.js';
import { VirtualClock } from '../../common/virtual-clock.js';
import { selectCases } from './case-catalogue.js';
import { runCertify } from './run-certify.js';
import { simulatedCharger } from './simulated-charger.js';

describe('certify 2.0.1 against the simulated charger', () => {
  it('passes every core case', async () => {
    const clock = new VirtualClock({ startMs: Date.parse('2025-03-01T08:00:00Z') });
    const transport = createMemoryTransport({ tracker: clock.tracker });
    const sim = simulatedCharger({ version: '2.0.1', stationId: 'CUT201', clock, transport, seed: 7 });
    const lines: string[] = [];
    const run = await runCertify({
      version: '2.0.1',
      stationId: 'CUT201',
      cases: selectCases('charger', '2.0.1', ['core', 'smart-charging']),
      clock,
      transport,
      operator: sim.operator,
      log: (l) => lines.push(l),
    });
    for (const s of sim.stations) await s.stop();
    console.log(lines.join('\n'));
    expect(run.results.filter((r) => r.verdict === 'FAIL').map((r) => r.testCase.id)).toEqual([]);
  });
});
