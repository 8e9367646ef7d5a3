import type { Clock } from '../../common/clock.js';
import type { OcppVersion } from '../../common/ocpp-version.js';
import type { FrameRecord } from '../../common/rpc-types.js';
import type { Transport } from '../../common/transport.js';
import { runCase, type RunnerTimeouts } from './case-runner.js';
import type { CaseResult } from './case-result.js';
import { startChargerHarness, type ChargerHarness } from './charger-harness.js';
import type { ConformanceCase } from './conformance-case.js';
import type { Operator } from './operator.js';

/** Options of {@link runCertify}. */
export interface CertifyOptions {
  readonly version: OcppVersion;
  readonly stationId: string;
  readonly cases: readonly ConformanceCase[];
  readonly clock: Clock;
  readonly transport: Transport;
  readonly port?: number;
  readonly host?: string;
  /** The address the charger reaches this machine at (printed URL, firmware downloads). */
  readonly advertiseHost?: string;
  /** The person at the bench, or the simulator's driver; built once the test-mode CSMS listens. */
  readonly operator: (harness: ChargerHarness) => Operator | Promise<Operator>;
  /** How long to wait for the charger to connect, clock ms. Default 300 000. */
  readonly connectWaitMs?: number;
  readonly timeouts?: Partial<RunnerTimeouts>;
  /** Progress lines (the URL to configure, each verdict). */
  readonly log?: (line: string) => void;
}

/** What a certify run gave. */
export interface ConformanceRun {
  readonly results: readonly CaseResult[];
  readonly frames: readonly FrameRecord[];
  readonly startedAtMs: number;
  readonly endedAtMs: number;
}

/** Time given to a freshly connected charger to send its BootNotification, clock ms. */
const BOOT_WAIT_MS = 30_000;

/**
 * Certifies a charger: starts the test-mode CSMS, tells where to point the charger, waits for it,
 * then runs each case in turn against it.
 * @throws Error when the charger does not connect in time (the message says where it should)
 */
export async function runCertify(options: CertifyOptions): Promise<ConformanceRun> {
  const { clock, log = () => undefined } = options;
  const startedAtMs = clock.now();
  const harness = await startChargerHarness({
    version: options.version,
    stationId: options.stationId,
    clock,
    transport: options.transport,
    ...(options.port === undefined ? {} : { port: options.port }),
    ...(options.host === undefined ? {} : { host: options.host }),
    ...(options.advertiseHost === undefined ? {} : { advertiseHost: options.advertiseHost }),
  });
  try {
    log(`Configure the charger with the CSMS URL ${harness.stationUrl} (OCPP ${options.version})`);
    const operator = await options.operator(harness);
    const session = harness.session;
    const waitMs = options.connectWaitMs ?? 300_000;
    if (!(await harness.waitForConnection(waitMs))) {
      throw new Error(
        `the charger ${options.stationId} did not connect within ${waitMs / 1000} s: configure it with ${harness.stationUrl} and OCPP ${options.version}`,
      );
    }
    log(`${options.stationId} connected`);
    await session.wait.until(() => session.calls.some((c) => c.action === 'BootNotification'), BOOT_WAIT_MS);
    await session.wait.pass(1_000);
    const features = options.version === '1.6' ? await probeFeatures(harness) : undefined;
    const results: CaseResult[] = [];
    for (const testCase of options.cases) {
      const result = await runCase(testCase, {
        session,
        operator,
        ...(features === undefined ? {} : { features }),
        ...(options.timeouts === undefined ? {} : { timeouts: options.timeouts }),
      });
      results.push(result);
      log(`${result.verdict.padEnd(14)} ${testCase.id} ${testCase.title}${verdictNote(result)}`);
      const involvedAPerson = testCase.steps.some((s) => s.kind === 'operator');
      if (result.verdict === 'FAIL' || (result.verdict === 'PASS' && involvedAPerson))
        await operator.tidyUp?.();
    }
    return { results, frames: [...session.frames], startedAtMs, endedAtMs: clock.now() };
  } finally {
    await harness.close();
  }
}

/** The reason or first deviation, for a progress line. */
export function verdictNote(result: CaseResult): string {
  if (result.verdict === 'FAIL') return `\n    ${result.failure?.message ?? ''}`;
  if (result.verdict === 'NOT_APPLICABLE') return ` (${result.reason ?? ''})`;
  return '';
}

async function probeFeatures(harness: ChargerHarness): Promise<ReadonlySet<string> | undefined> {
  const session = harness.session;
  if (!session.connected) return undefined;
  const outcome = await session.wait.settle(
    session.endpoint.call('GetConfiguration', { key: ['SupportedFeatureProfiles'] }),
    30_000,
  );
  if (outcome === 'timeout' || !outcome.ok) return undefined;
  const keys =
    (outcome.value as { configurationKey?: { key: string; value?: string }[] }).configurationKey ?? [];
  const value = keys.find((k) => k.key === 'SupportedFeatureProfiles')?.value;
  if (value === undefined) return undefined;
  return new Set(value.split(',').map((f) => f.trim()));
}
