import { Rng } from '../../common/rng.js';
import { loadStrategy, StrategyLoadError } from '../../csms/dlb/load-strategy.js';
import type { RunCollector } from '../../reports/collector.js';
import type { ReportCase } from '../../reports/run-report.js';
import { loadSite, SiteConfigError } from '../../simulator/site/load-site.js';
import type { SiteConfig } from '../../simulator/site/site-config.js';
import { drawSiteEv } from '../../simulator/site/site-evs.js';
import { plugInEv } from '../support/ev-arrival.js';
import { ScenarioPlan } from '../support/scenario-plan.js';
import { ScenarioSim } from '../support/scenario-sim.js';
import { resolveStrategy } from '../support/strategy-alias.js';

const DAY_MS = 86_400_000;

/** What `compare` runs. */
export interface CompareOptions {
  /** A site file. */
  readonly sitePath: string;
  /** Strategy names, aliases (`pv-surplus`) or module paths, in column order. */
  readonly strategies: readonly string[];
  /** Days to simulate, from local midnight. */
  readonly days: number;
  readonly seed: string | number;
  readonly collector: RunCollector;
  /** Told when a strategy's run starts and ends. */
  readonly onStrategyStarted?: (name: string) => void;
  readonly onStrategyFinished?: (c: ReportCase, wallMs: number) => void;
}

/** A `compare` input that cannot be used, naming the option and what to change. */
export class CompareUsageError extends Error {
  override readonly name = 'CompareUsageError';
}

function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'strategy'
  );
}

/** Loads the site and checks every strategy before anything runs. */
async function checkInputs(options: CompareOptions): Promise<SiteConfig> {
  if (!(Number.isInteger(options.days) && options.days >= 1 && options.days <= 31)) {
    throw new CompareUsageError(`--days must be a whole number from 1 to 31, got ${options.days}`);
  }
  if (options.strategies.length === 0)
    throw new CompareUsageError('--strategies must name at least one strategy');
  const seen = new Set<string>();
  for (const name of options.strategies) {
    if (seen.has(name)) throw new CompareUsageError(`--strategies names "${name}" twice`);
    seen.add(name);
    try {
      await loadStrategy(resolveStrategy(name).strategyName);
    } catch (err) {
      if (err instanceof StrategyLoadError) throw new CompareUsageError(`--strategies: ${err.message}`);
      throw err;
    }
  }
  try {
    return loadSite(options.sitePath);
  } catch (err) {
    if (err instanceof SiteConfigError) throw new CompareUsageError(`--site: ${err.message}`);
    throw err;
  }
}

/**
 * Runs the same seeded site, EVs and days once per strategy, each as one report case, and sets
 * the comparison. The EVs (car, arrival, stay, state of charge) are drawn per charger and day from
 * the seed alone, so every strategy meets exactly the same demand.
 * @throws CompareUsageError for a bad site file, strategy or day count
 */
export async function compareStrategies(options: CompareOptions): Promise<readonly ReportCase[]> {
  const site = await checkInputs(options);
  const cases: ReportCase[] = [];
  for (const name of options.strategies) {
    options.onStrategyStarted?.(name);
    const wallStart = performance.now();
    const caseId = `compare/${slug(name)}`;
    const collector = options.collector.startCase({
      id: caseId,
      name,
      group: site.name ?? site.id,
      tags: [`@strategy:${name}`],
      timeZone: site.timeZone,
    });
    const plan = new ScenarioPlan();
    plan.site = structuredClone(site);
    plan.siteSource = options.sitePath;
    plan.strategy = name;
    for (const c of site.chargers) {
      plan.addCharger({
        id: c.id,
        version: c.version,
        maxCurrentA: c.maxCurrentA,
        phases: c.phases,
        phase: c.phase ?? 'L1',
        circuitId: 'main',
      });
    }
    let sim: ScenarioSim | undefined;
    try {
      sim = await ScenarioSim.start({
        plan,
        seed: options.seed,
        collector,
        onFrame: (r) => collector.recordFrame(r),
      });
      for (const c of site.chargers) {
        let freeFromMs = sim.startMs;
        for (let d = 0; d < options.days; d++) {
          const dayStartMs = sim.siteTime.localMidnightMs(sim.startMs + d * DAY_MS + DAY_MS / 2);
          const ev = drawSiteEv(new Rng(options.seed, `compare/ev/${c.id}/day/${d}`), site, dayStartMs);
          if (ev.arrivalMs < freeFromMs) continue;
          freeFromMs = ev.departureMs + 60_000;
          await plugInEv(sim, {
            evId: `${c.id}/day${d + 1}`,
            chargerId: c.id,
            ev,
            token: `EV-${c.id}-${d + 1}`,
            leaveAtDeparture: true,
          });
        }
      }
      await sim.runFor(options.days * DAY_MS);
      await sim.stop();
      const problems = sim.errors;
      cases.push(
        collector.finish({
          verdict: problems.length === 0 ? 'PASS' : 'FAIL',
          durationMs: options.days * DAY_MS,
          ...(problems.length === 0
            ? {}
            : { failure: { message: `background failures: ${problems.slice(0, 3).join('; ')}` } }),
        }),
      );
    } catch (err) {
      await sim?.stop().catch(() => undefined);
      cases.push(
        collector.finish({
          verdict: 'ERROR',
          durationMs: 0,
          failure: {
            message: err instanceof Error ? err.message : String(err),
            ...(err instanceof Error && err.stack !== undefined ? { stack: err.stack } : {}),
          },
        }),
      );
    }
    options.onStrategyFinished?.(cases[cases.length - 1]!, performance.now() - wallStart);
  }
  options.collector.setComparison({
    title: `${site.name ?? site.id}: ${options.days} day${options.days === 1 ? '' : 's'}, seed ${options.seed}`,
    strategies: options.strategies.map((name) => ({ name, caseId: `compare/${slug(name)}` })),
    circuitId: 'main',
  });
  return cases;
}
