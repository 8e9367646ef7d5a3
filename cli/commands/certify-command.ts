import type { Command } from 'commander';
import { RealClock } from '../../common/clock.js';
import type { Clock } from '../../common/clock.js';
import { VirtualClock } from '../../common/virtual-clock.js';
import { createWsTransport } from '../../common/ws-transport.js';
import { DEFAULT_REPORT_BASE, reportDir } from '../../reports/report-dir.js';
import { overallVerdict, verdictTotals } from '../../reports/run-report.js';
import { writeRunReport } from '../../reports/write-run-report.js';
import { conformanceReport } from '../../scenarios/conformance/conformance-report.js';
import {
  chooseCases,
  ConformanceOptionError,
  parsePortOption,
  parseSecondsOption,
  parseStationOption,
  parseSuiteOption,
  parseVersionOption,
} from '../../scenarios/conformance/conformance-options.js';
import { runCertify } from '../../scenarios/conformance/run-certify.js';
import { simulatedCharger } from '../../scenarios/conformance/simulated-charger.js';
import { TerminalOperator } from '../../scenarios/conformance/terminal-operator.js';
import { EXIT_FAILED, EXIT_OK, UsageError } from '../usage-error.js';

/** Options of `ocpp-harness certify` as commander gives them. */
export interface CertifyCommandOptions {
  readonly version?: string;
  readonly station?: string;
  readonly port?: string;
  readonly host?: string;
  readonly advertiseHost?: string;
  readonly suite?: string;
  readonly case?: string;
  readonly report?: string;
  readonly simulated?: boolean;
  readonly seed: string;
  readonly wait?: string;
  readonly prompt?: boolean;
}

/** Virtual start time of a `--simulated` run (fixed, so the same seed gives the same frames). */
const SIMULATED_START_MS = Date.parse('2025-01-01T08:00:00Z');

/** Runs `certify` and returns the exit code (0 all PASS or NOT_APPLICABLE, 1 any FAIL). */
export async function certifyCommand(
  options: CertifyCommandOptions,
  out: NodeJS.WritableStream = process.stdout,
): Promise<number> {
  let settings;
  try {
    const version = parseVersionOption(options.version);
    settings = {
      version,
      stationId: parseStationOption('--station', options.station),
      port: parsePortOption(options.port, options.simulated === true ? 0 : 9000),
      cases: chooseCases('charger', version, parseSuiteOption(options.suite), options.case),
      connectWaitMs: parseSecondsOption('--wait', options.wait, 300),
    };
  } catch (error) {
    if (error instanceof ConformanceOptionError) throw new UsageError(error.message);
    throw error;
  }
  const seed = /^-?\d+$/.test(options.seed) ? Number(options.seed) : options.seed;
  const simulated = options.simulated === true;
  const clock: Clock = simulated ? new VirtualClock({ startMs: SIMULATED_START_MS }) : new RealClock();
  const transport = createWsTransport(clock instanceof VirtualClock ? { tracker: clock.tracker } : {});
  const sim = simulated
    ? simulatedCharger({ version: settings.version, stationId: settings.stationId, clock, transport, seed })
    : undefined;
  const write = (line: string): void => void out.write(`${line}\n`);
  write(
    `certify: ${settings.cases.length} case(s) of OCPP ${settings.version} for charger ${settings.stationId}`,
  );
  let run;
  try {
    run = await runCertify({
      ...settings,
      clock,
      transport,
      host: options.host ?? (simulated ? '127.0.0.1' : '0.0.0.0'),
      ...(options.advertiseHost === undefined ? {} : { advertiseHost: options.advertiseHost }),
      operator:
        sim?.operator ??
        (() =>
          new TerminalOperator({
            input: process.stdin,
            output: process.stdout,
            ...(options.prompt === false ? { kinds: [] } : {}),
          })),
      log: write,
    });
  } finally {
    for (const station of sim?.stations ?? []) await station.stop();
  }
  const report = conformanceReport(run, {
    command: 'certify',
    title: `Conformance of charger ${settings.stationId} (OCPP ${settings.version})`,
    seed,
  });
  const dir = options.report ?? (await reportDir('certify', DEFAULT_REPORT_BASE, Date.now()));
  const written = await writeRunReport(report, dir);
  const t = verdictTotals(report.cases);
  write(
    `${t.passed} passed, ${t.failed} failed, ${t.notApplicable} not applicable; report: ${written.indexHtml}`,
  );
  return overallVerdict(report.cases) === 'PASS' ? EXIT_OK : EXIT_FAILED;
}

/** Registers `ocpp-harness certify`. */
export function registerCertifyCommand(program: Command): void {
  program
    .command('certify')
    .description(
      'certify a charger: start the harness CSMS in test mode, wait for the charger and run the conformance cases against it',
    )
    .option('--version <version>', 'OCPP version of the charger: 1.6 or 2.0.1')
    .option('--station <id>', "the charger's identity (last segment of its CSMS URL)")
    .option('--port <port>', 'port the test-mode CSMS listens on (default 9000; --simulated: a free one)')
    .option('--host <host>', 'interface to listen on (default 0.0.0.0)')
    .option(
      '--advertise-host <host>',
      'address the charger reaches this machine at (printed URL, firmware downloads)',
    )
    .option('--suite <suite>', 'core, smart-charging, firmware or all (comma-separated allowed)', 'all')
    .option('--case <ids>', 'run only these case ids, e.g. TC_003,TC_010')
    .option('--report <dir>', 'report folder (default reports/out/<time>-certify)')
    .option('--simulated', "certify the harness's own simulated charger (virtual time, no prompts)")
    .option('--seed <seed>', 'seed of the simulated charger', '1')
    .option('--no-prompt', 'nobody at the charger: cases with manual steps are NOT_APPLICABLE')
    .option('--wait <seconds>', 'how long to wait for the charger to connect', '300')
    .action(async (opts: CertifyCommandOptions) => {
      const code = await certifyCommand(opts);
      if (code !== EXIT_OK) process.exitCode = code;
    });
}
