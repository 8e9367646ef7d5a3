import type { SiteConfig } from '../../simulator/site/site-config.js';
import type { FleetSummary } from '../../simulator/fleet/station-results.js';
import { EXIT_FAILED, EXIT_OK } from '../usage-error.js';
import type { SimulateSettings } from './simulate-options.js';

/**
 * A run's fleet summary as summary.json has it: taken when the run ended (before the command
 * stopped the stations), with why the stations not online then were not (latest problem ->
 * stations).
 */
export type RunSummary = FleetSummary & { readonly notOnline: Record<string, number> };

/** A run's length for people: `90 s`, `30 min`, `1.5 h`. */
export function durationText(ms: number): string {
  if (ms < 120_000) return `${Math.round(ms / 100) / 10} s`;
  if (ms < 7_200_000) return `${Math.round(ms / 6_000) / 10} min`;
  return `${Math.round(ms / 360_000) / 10} h`;
}

/** Where a run's report goes when --report is not given. */
export function defaultReportDir(): string {
  return `reports/out/${new Date().toISOString().replace(/[:.]/g, '-')}-simulate`;
}

/** summary.json: the run's settings, the fleet's summary and how the run went. */
export function runSummary(
  settings: SimulateSettings,
  site: SiteConfig | undefined,
  startMs: number,
  endMs: number,
  interrupted: boolean,
  summary: RunSummary,
  run: Record<string, unknown>,
): Record<string, unknown> {
  return {
    seed: settings.seed,
    csms: settings.internal ? 'internal' : settings.csms,
    version: settings.version,
    site: site?.id ?? null,
    startedAt: new Date(startMs).toISOString(),
    endedAt: new Date(endMs).toISOString(),
    interrupted,
    ...summary,
    run,
  };
}

/** Prints the run's totals, why stations were not online, and where the report is; returns the exit code. */
export function reportRun(summary: RunSummary, framesPath: string, summaryPath: string): number {
  const notOnline = Object.entries(summary.notOnline)
    .map(([reason, stations]) => `\n  ${stations} × ${reason}`)
    .join('');
  process.stdout.write(
    `${summary.stations} station(s), ${summary.transactionsStarted} transaction(s), ` +
      `${Math.round(summary.energyWh / 100) / 10} kWh; ${summary.frames.total} frames, ${summary.frames.invalid} invalid\n` +
      (notOnline === ''
        ? ''
        : `${summary.stations - summary.online} station(s) not online when the run ended:${notOnline}\n`) +
      `report: ${framesPath}\n        ${summaryPath}\n`,
  );
  return summary.frames.invalid > 0 ? EXIT_FAILED : EXIT_OK;
}
