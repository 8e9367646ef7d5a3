import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { createMemoryTransport } from '../common/memory-transport.js';
import type { OcppVersion } from '../common/ocpp-version.js';
import type { Transport } from '../common/transport.js';
import { VirtualClock } from '../common/virtual-clock.js';
import { createWsTransport } from '../common/ws-transport.js';
import { UserStore } from '../csms/auth/user-store.js';
import { createCsms } from '../csms/create-csms.js';
import { selectCases } from '../scenarios/conformance/case-catalogue.js';
import { SUITES } from '../scenarios/conformance/conformance-case.js';
import { CsmsApiOperator } from '../scenarios/conformance/csms-api-operator.js';
import { runCertify, type ConformanceRun } from '../scenarios/conformance/run-certify.js';
import { runCheckCsms } from '../scenarios/conformance/run-check-csms.js';
import { simulatedCharger } from '../scenarios/conformance/simulated-charger.js';

const T0 = Date.UTC(2026, 0, 1, 8);

function cpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

function line(label: string, run: ConformanceRun, wallS: number, cpuS: number): string {
  const count = (v: string): number => run.results.filter((r) => r.verdict === v).length;
  const virtualMin = (run.endedAtMs - run.startedAtMs) / 60_000;
  return (
    `${label}: ${run.results.length} cases (${count('PASS')} pass, ${count('FAIL')} fail, ${count('NOT_APPLICABLE')} n/a), ` +
    `${run.frames.length} frames, ${virtualMin.toFixed(0)} min of clock time in ${wallS.toFixed(2)} s wall ` +
    `(${cpuS.toFixed(2)} s CPU, ${(run.results.length / wallS).toFixed(1)} cases/s)`
  );
}

async function certify(version: OcppVersion, kind: 'memory' | 'ws'): Promise<void> {
  const clock = new VirtualClock({ startMs: T0 });
  const transport: Transport =
    kind === 'ws'
      ? createWsTransport({ tracker: clock.tracker })
      : createMemoryTransport({ tracker: clock.tracker });
  const stationId = `BENCH${version.replaceAll('.', '')}`;
  const sim = simulatedCharger({ version, stationId, clock, transport, seed: 1 });
  const wall0 = performance.now();
  const cpu0 = cpuSeconds();
  const run = await runCertify({
    version,
    stationId,
    cases: selectCases('charger', version, SUITES),
    clock,
    transport,
    host: '127.0.0.1',
    port: 0,
    operator: sim.operator,
  });
  const wallS = (performance.now() - wall0) / 1000;
  const cpuS = cpuSeconds() - cpu0;
  for (const s of sim.stations) await s.stop();
  console.log(line(`certify ${version} simulated charger, virtual time, ${kind}`, run, wallS, cpuS));
}

async function checkCsms(version: OcppVersion): Promise<void> {
  const clock = new VirtualClock({ startMs: T0 });
  const transport = createWsTransport({ tracker: clock.tracker });
  const csms = createCsms({ clock, transport, store: { dataDir: ':memory:' } });
  await csms.start();
  try {
    await clock.tracker.track(new UserStore(csms.store).addToken({ token: 'BENCHTAG' }, clock.now()));
    const stationId = `BENCHCHK${version.replaceAll('.', '')}`;
    const wall0 = performance.now();
    const cpu0 = cpuSeconds();
    const run = await runCheckCsms({
      version,
      csmsUrl: csms.ocppUrl,
      stationId,
      idTag: 'BENCHTAG',
      unknownIdTag: 'NOBODY',
      cases: selectCases('csms', version, SUITES),
      clock,
      transport,
      operator: new CsmsApiOperator(stationId, (id, action, payload) =>
        csms.sendCommand(id, action, payload),
      ),
    });
    console.log(
      line(
        `check-csms ${version} reference CSMS (PGlite), virtual time, ws`,
        run,
        (performance.now() - wall0) / 1000,
        cpuSeconds() - cpu0,
      ),
    );
  } finally {
    await csms.stop();
  }
}

/** Prints how fast the conformance suites run: certify on the simulated charger, check-csms on the reference CSMS. */
export async function runConformanceBench(): Promise<void> {
  for (const version of ['1.6', '2.0.1'] as const) {
    await certify(version, 'memory');
    await certify(version, 'ws');
  }
  for (const version of ['1.6', '2.0.1'] as const) await checkCsms(version);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await runConformanceBench();
}
