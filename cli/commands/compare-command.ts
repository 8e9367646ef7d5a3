import type { Command } from 'commander';
import { Option } from 'commander';
import { EXIT_FAILED, EXIT_OK, UsageError } from '../usage-error.js';
import { RunCollector } from '../../reports/collector.js';
import { DEFAULT_REPORT_BASE, reportDir } from '../../reports/report-dir.js';
import type { ReportCase } from '../../reports/run-report.js';
import { writeRunReport } from '../../reports/write-run-report.js';
import { CompareUsageError, compareStrategies } from '../../scenarios/runner/compare-strategies.js';
import { DEFAULT_SEED } from '../../scenarios/runner/run-features.js';
import { SCENARIO_DAY } from '../../scenarios/support/scenario-plan.js';
import { parseSeed } from './run-command.js';

/** Options of `ocpp-harness compare`. */
export interface CompareCommandOptions {
  readonly site: string;
  readonly strategies: string;
  readonly days: string;
  readonly seed: string;
  readonly report?: string;
}

/** The metrics `compare` prints per strategy, by stable key (see reports/README.md). */
export const COMPARE_COLUMNS: readonly { key: string; label: string }[] = [
  { key: 'fuse.main.peakA', label: 'peak A' },
  { key: 'fuse.main.secondsAboveLimit', label: 's over fuse' },
  { key: 'fuse.main.wouldTrip', label: 'trips' },
  { key: 'fairness.meanIndex', label: 'Jain' },
  { key: 'energy.minDeliveredPct', label: 'min EV %' },
  { key: 'energy.pvSelfConsumptionPct', label: 'PV self %' },
  { key: 'energy.gridImportKWh', label: 'import kWh' },
];

/** A table of the key metrics, one row per strategy. */
export function compareTable(cases: readonly ReportCase[]): string {
  const rows = [
    ['strategy', 'verdict', ...COMPARE_COLUMNS.map((c) => c.label)],
    ...cases.map((c) => [
      c.name,
      c.verdict,
      ...COMPARE_COLUMNS.map((col) => {
        const v = c.metrics[col.key]?.value;
        return v === undefined || v === null ? '-' : String(v);
      }),
    ]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows
    .map((r) =>
      r
        .map((cell, i) => cell.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** Runs `compare`; returns the exit code. */
export async function compareCommand(options: CompareCommandOptions): Promise<number> {
  const seed = parseSeed(options.seed);
  if (!/^\d+$/.test(options.days))
    throw new UsageError(`--days must be a whole number from 1 to 31, got "${options.days}"`);
  const strategies = options.strategies
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const startedAtMs = Date.parse(`${SCENARIO_DAY}T00:00:00Z`);
  const collector = new RunCollector({
    command: 'compare',
    seed,
    startedAtMs,
    title: `ocpp-harness compare: ${strategies.join(' vs ')}`,
  });
  let cases: readonly ReportCase[];
  try {
    cases = await compareStrategies({
      sitePath: options.site,
      strategies,
      days: Number(options.days),
      seed,
      collector,
      onStrategyStarted: (name) => process.stderr.write(`running ${name}…\n`),
      onStrategyFinished: (c, wallMs) =>
        process.stderr.write(
          `  ${c.verdict} ${c.name} in ${(wallMs / 1000).toFixed(1)} s${c.failure ? `: ${c.failure.message}` : ''}\n`,
        ),
    });
  } catch (err) {
    if (err instanceof CompareUsageError) throw new UsageError(err.message);
    throw err;
  }
  const report = collector.build(startedAtMs + Number(options.days) * 86_400_000);
  const dir = options.report ?? (await reportDir('compare', DEFAULT_REPORT_BASE, Date.now()));
  const written = await writeRunReport(report, dir);
  process.stdout.write(`${compareTable(cases)}\n\nreport: ${written.indexHtml}\n`);
  return cases.every((c) => c.verdict === 'PASS') ? EXIT_OK : EXIT_FAILED;
}

/** Registers `ocpp-harness compare`. */
export function registerCompareCommand(program: Command): void {
  program
    .command('compare')
    .description(
      'run the same seeded site, EVs and days under each load balancing strategy, one report side by side',
    )
    .requiredOption('--site <file>', 'site file (see scenarios/sites/)')
    .addOption(
      new Option(
        '--strategies <list>',
        'comma-separated strategies: equal-share, priority, time-of-use, pv-surplus, or module paths such as ./my-strategy.js',
      ).default('equal-share,priority,pv-surplus'),
    )
    .addOption(new Option('--days <n>', 'days to simulate from local midnight (1-31)').default('1'))
    .addOption(new Option('--seed <seed>', 'seed of every random draw').default(String(DEFAULT_SEED)))
    .option(
      '--report <dir>',
      `report folder (default ${DEFAULT_REPORT_BASE}/<time>-compare/, linked as latest)`,
    )
    .action(async (options: CompareCommandOptions) => {
      process.exitCode = await compareCommand(options);
    });
}
