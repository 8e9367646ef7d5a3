import { RunCollector } from '../reports/collector.js';
import type { ScenarioOutcome } from '../scenarios/runner/envelope-tracker.js';
import { DEFAULT_SEED, runFeatures } from '../scenarios/runner/run-features.js';
import { bundledFeaturesDir } from '../scenarios/support/package-root.js';
import { openScenarioStore } from '../scenarios/support/scenario-store.js';

/**
 * Wall time of the bundled scenarios (all but @wip) on the default seed: per scenario, the
 * simulated hours per wall second, and the cost of a fresh scenario database (the first one
 * builds the migrated image once per process, the others load it).
 */
export async function runScenarioBench(): Promise<void> {
  const t0 = performance.now();
  const first = await openScenarioStore();
  const t1 = performance.now();
  await first.close();
  const opens: number[] = [];
  for (let i = 0; i < 3; i++) {
    const a = performance.now();
    const s = await openScenarioStore();
    opens.push(performance.now() - a);
    await s.close();
  }
  console.log(`scenario database: first (builds the migrated image) ${(t1 - t0).toFixed(0)} ms`);
  console.log(
    `scenario database: each later one ${(opens.reduce((a, b) => a + b, 0) / opens.length).toFixed(0)} ms (mean of ${opens.length})`,
  );
  const outcomes: ScenarioOutcome[] = [];
  const start = performance.now();
  await runFeatures({
    paths: [bundledFeaturesDir()],
    tags: 'not @wip',
    seed: DEFAULT_SEED,
    collector: new RunCollector({ command: 'run', seed: DEFAULT_SEED, startedAtMs: 0 }),
    onScenarioFinished: (o) => outcomes.push(o),
  });
  const wallS = (performance.now() - start) / 1000;
  for (const o of outcomes) {
    const hours = o.simulatedMs / 3_600_000;
    console.log(
      `${o.verdict.padEnd(5)} ${(o.wallMs / 1000).toFixed(1).padStart(6)} s wall ${hours.toFixed(1).padStart(5)} h simulated ${(hours / (o.wallMs / 1000)).toFixed(2).padStart(7)} h/s  ${o.caseId}`,
    );
  }
  const simulatedH = outcomes.reduce((a, o) => a + o.simulatedMs, 0) / 3_600_000;
  console.log(
    `bundled scenarios: ${outcomes.length} in ${wallS.toFixed(1)} s wall, ${simulatedH.toFixed(1)} h simulated (${(simulatedH / wallS).toFixed(2)} h/s)`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) await runScenarioBench();
