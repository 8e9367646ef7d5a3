import type { Command } from 'commander';
import { Option } from 'commander';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, UsageError } from '../usage-error.js';
import { RunCollector } from '../../reports/collector.js';
import { DEFAULT_REPORT_BASE, reportDir } from '../../reports/report-dir.js';
import { writeRunReport } from '../../reports/write-run-report.js';
import { DEFAULT_SEED, FeatureUsageError, runFeatures } from '../../scenarios/runner/run-features.js';
import type { ScenarioOutcome } from '../../scenarios/runner/envelope-tracker.js';
import { bundledFeaturesDir } from '../../scenarios/support/package-root.js';
import { SCENARIO_DAY } from '../../scenarios/support/scenario-plan.js';
import { createProgress } from './run-progress.js';

/** Options of `ocpp-harness run`. */
export interface RunCommandOptions {
  readonly tags?: string;
  readonly seed: string;
  readonly csms?: string;
  readonly report?: string;
}

/** A seed as given on the command line: an integer, else the text itself. */
export function parseSeed(text: string): string | number {
  if (text.trim() === '')
    throw new UsageError('--seed must not be empty: give an integer or a word, e.g. --seed 42');
  return /^-?\d+$/.test(text) && Number.isSafeInteger(Number(text)) ? Number(text) : text;
}

/** Checks `--csms`: a ws:// or wss:// URL. */
export function checkCsmsUrl(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  if (!/^wss?:\/\/[^\s/]+/.test(url)) {
    throw new UsageError(
      `--csms must be a ws:// or wss:// URL such as ws://localhost:9000/ocpp, got "${url}"`,
    );
  }
  return url.replace(/\/+$/, '');
}

const SIGN: Readonly<Record<string, string>> = { PASS: '✔', FAIL: '✘', ERROR: '!', NOT_APPLICABLE: '-' };

function hours(ms: number): string {
  return ms >= 3_600_000 ? `${(ms / 3_600_000).toFixed(1)} h` : `${Math.round(ms / 60_000)} min`;
}

/** One line per finished scenario, and the failure under it. */
export function scenarioLine(o: ScenarioOutcome): string {
  const head = `${SIGN[o.verdict] ?? '?'} ${o.verdict.padEnd(5)} ${o.name}  (${o.location}; ${hours(o.simulatedMs)} simulated in ${(o.wallMs / 1000).toFixed(1)} s)`;
  if (o.failure === undefined) return head;
  const detail = (o.failure.stack ?? o.failure.message).split('\n').slice(0, 8);
  return [head, `    at ${o.failure.location ?? o.location}`, ...detail.map((l) => `    ${l}`)].join('\n');
}

/** Runs features and writes the report; returns the exit code. */
export async function runCommand(paths: readonly string[], options: RunCommandOptions): Promise<number> {
  const seed = parseSeed(options.seed);
  const csmsUrl = checkCsmsUrl(options.csms);
  const startedAtMs = Date.parse(`${SCENARIO_DAY}T00:00:00Z`);
  const collector = new RunCollector({
    command: 'run',
    seed,
    startedAtMs,
    title: 'ocpp-harness run: scenarios',
  });
  const progress = createProgress(process.stderr);
  let result;
  try {
    result = await runFeatures({
      paths: paths.length === 0 ? [bundledFeaturesDir()] : paths,
      ...(options.tags === undefined ? {} : { tags: options.tags }),
      seed,
      ...(csmsUrl === undefined ? {} : { csmsUrl }),
      collector,
      onPlanned: (n) => progress.start(n),
      onScenarioStarted: (name) => progress.scenario(name),
      onScenarioFinished: (o) => progress.log(scenarioLine(o)),
    });
  } catch (err) {
    if (err instanceof FeatureUsageError) throw new UsageError(err.message);
    throw err;
  } finally {
    progress.stop();
  }
  const out = process.stdout;
  if (result.inputProblems.length > 0) {
    for (const p of result.inputProblems) process.stderr.write(`error: ${p.location}: ${p.message}\n`);
  }
  if (result.scenarioCount === 0 && result.inputProblems.length === 0) {
    process.stderr.write(
      `error: no scenario to run${options.tags === undefined ? '' : ` matches --tags "${options.tags}"`}: check the paths and the tag expression\n`,
    );
    return EXIT_USAGE;
  }
  const simulated = result.outcomes.reduce((a, o) => a + o.simulatedMs, 0);
  const report = collector.build(startedAtMs + simulated);
  const dir = options.report ?? (await reportDir('run', DEFAULT_REPORT_BASE, Date.now()));
  const written = await writeRunReport(report, dir);
  const passed = result.outcomes.filter((o) => o.verdict === 'PASS').length;
  out.write(`\n${passed} of ${result.outcomes.length} scenarios passed (seed ${seed})\n`);
  out.write(`report: ${written.indexHtml}\n`);
  if (result.inputProblems.length > 0) return EXIT_USAGE;
  return passed === result.outcomes.length ? EXIT_OK : EXIT_FAILED;
}

/** Registers `ocpp-harness run`. */
export function registerRunCommand(program: Command): void {
  program
    .command('run')
    .description(
      'run Gherkin scenarios: each gets a fresh in-process reference CSMS and simulated chargers on a virtual clock',
    )
    .argument('[paths...]', 'feature files or folders (default: the bundled scenarios)')
    .option(
      '--tags <expression>',
      'run only scenarios matching a tag expression, e.g. "@billing and not @wip"',
    )
    .addOption(
      new Option('--seed <seed>', 'seed of every random draw; same seed, same frames').default(
        String(DEFAULT_SEED),
      ),
    )
    .option(
      '--csms <url>',
      'target an external CSMS (ws:// base URL) in real time instead of the in-process one',
    )
    .option('--report <dir>', `report folder (default ${DEFAULT_REPORT_BASE}/<time>-run/, linked as latest)`)
    .action(async (paths: string[], options: RunCommandOptions) => {
      process.exitCode = await runCommand(paths, options);
    });
}
