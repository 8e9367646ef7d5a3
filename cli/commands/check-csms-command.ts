import type { Command } from 'commander';
import { RealClock } from '../../common/clock.js';
import { createWsTransport } from '../../common/ws-transport.js';
import { DEFAULT_REPORT_BASE, reportDir } from '../../reports/report-dir.js';
import { overallVerdict, verdictTotals } from '../../reports/run-report.js';
import { writeRunReport } from '../../reports/write-run-report.js';
import { conformanceReport } from '../../scenarios/conformance/conformance-report.js';
import {
  chooseCases,
  ConformanceOptionError,
  parseSecondsOption,
  parseStationOption,
  parseSuiteOption,
  parseVersionOption,
} from '../../scenarios/conformance/conformance-options.js';
import type { OperatorActionKind } from '../../scenarios/conformance/operator.js';
import { runCheckCsms } from '../../scenarios/conformance/run-check-csms.js';
import { TerminalOperator } from '../../scenarios/conformance/terminal-operator.js';
import { EXIT_FAILED, EXIT_OK, UsageError } from '../usage-error.js';

/** Options of `ocpp-harness check-csms` as commander gives them. */
export interface CheckCsmsCommandOptions {
  readonly csms?: string;
  readonly version?: string;
  readonly station: string;
  readonly suite?: string;
  readonly case?: string;
  readonly idTag: string;
  readonly unknownIdTag: string;
  readonly report?: string;
  readonly prompt: boolean;
  readonly responseTimeout?: string;
  readonly basicAuth?: string;
}

function checkUrl(url: string | undefined): string {
  if (url === undefined || !/^wss?:\/\/[^\s/]+/.test(url)) {
    throw new UsageError(
      `--csms must be the CSMS's OCPP URL, ws:// or wss://, such as ws://localhost:9000/ocpp, got ${url === undefined ? 'nothing' : `"${url}"`}`,
    );
  }
  return url.replace(/\/+$/, '');
}

function basicAuth(value: string | undefined, stationId: string): Record<string, string> | undefined {
  if (value === undefined) return undefined;
  if (value === '')
    throw new UsageError('--basic-auth must be the password the CSMS expects for the station');
  return { authorization: `Basic ${Buffer.from(`${stationId}:${value}`).toString('base64')}` };
}

/** Runs `check-csms` and returns the exit code (0 all PASS or NOT_APPLICABLE, 1 any FAIL). */
export async function checkCsmsCommand(
  options: CheckCsmsCommandOptions,
  out: NodeJS.WritableStream = process.stdout,
): Promise<number> {
  let settings;
  try {
    const version = parseVersionOption(options.version);
    const stationId = parseStationOption('--station', options.station);
    settings = {
      version,
      stationId,
      csmsUrl: checkUrl(options.csms),
      cases: chooseCases('csms', version, parseSuiteOption(options.suite), options.case),
      responseMs: parseSecondsOption('--response-timeout', options.responseTimeout, 30),
      headers: basicAuth(options.basicAuth, stationId),
    };
  } catch (error) {
    if (error instanceof ConformanceOptionError) throw new UsageError(error.message);
    throw error;
  }
  const clock = new RealClock();
  const write = (line: string): void => void out.write(`${line}\n`);
  const kinds: OperatorActionKind[] = options.prompt ? ['csms-command'] : [];
  write(
    `check-csms: ${settings.cases.length} case(s) of OCPP ${settings.version} against ${settings.csmsUrl}`,
  );
  const run = await runCheckCsms({
    version: settings.version,
    csmsUrl: settings.csmsUrl,
    stationId: settings.stationId,
    idTag: options.idTag,
    unknownIdTag: options.unknownIdTag,
    cases: settings.cases,
    clock,
    transport: createWsTransport(),
    operator: new TerminalOperator({ input: process.stdin, output: process.stdout, kinds }),
    timeouts: { responseMs: settings.responseMs },
    ...(settings.headers === undefined ? {} : { headers: settings.headers }),
    log: write,
  });
  const report = conformanceReport(run, {
    command: 'check-csms',
    title: `Conformance of the CSMS at ${settings.csmsUrl} (OCPP ${settings.version})`,
    seed: 0,
  });
  const dir = options.report ?? (await reportDir('check-csms', DEFAULT_REPORT_BASE, Date.now()));
  const written = await writeRunReport(report, dir);
  const t = verdictTotals(report.cases);
  write(
    `${t.passed} passed, ${t.failed} failed, ${t.notApplicable} not applicable; report: ${written.indexHtml}`,
  );
  return overallVerdict(report.cases) === 'PASS' ? EXIT_OK : EXIT_FAILED;
}

/** Registers `ocpp-harness check-csms`. */
export function registerCheckCsmsCommand(program: Command): void {
  program
    .command('check-csms')
    .description(
      "check a CSMS: the harness's charger runs the CSMS-side conformance cases against it and judges every frame it sends",
    )
    .option('--csms <url>', "the CSMS's OCPP URL, e.g. ws://localhost:9000/ocpp (the station id is appended)")
    .option('--version <version>', 'OCPP version: 1.6 or 2.0.1')
    .option('--station <id>', 'identity the harness charger connects with', 'OCPP-HARNESS-CHECK')
    .option('--suite <suite>', 'core, smart-charging, firmware or all (comma-separated allowed)', 'all')
    .option('--case <ids>', 'run only these case ids, e.g. TC_001_CSMS,HT_J_04_CSMS')
    .option('--id-tag <tag>', 'an id tag the CSMS accepts', 'OCPPHARNESS1')
    .option('--unknown-id-tag <tag>', 'an id tag the CSMS does not know', 'NOSUCHTAG999')
    .option('--response-timeout <seconds>', 'time the CSMS has to answer each CALL', '30')
    .option('--basic-auth <password>', 'HTTP Basic password for the station (security profile 1)')
    .option('--no-prompt', 'no person at the CSMS: cases that need it to send a command are NOT_APPLICABLE')
    .option('--report <dir>', 'report folder (default reports/out/<time>-check-csms)')
    .action(async (opts: CheckCsmsCommandOptions) => {
      const code = await checkCsmsCommand(opts);
      if (code !== EXIT_OK) process.exitCode = code;
    });
}
