import { circuitCompliance } from '../../reports/metrics/fuse-compliance.js';
import { fairness } from '../../reports/metrics/fairness.js';
import { siteEnergy } from '../../reports/metrics/site-energy.js';
import { ScenarioInputError } from '../support/run-context.js';
import type { ScenarioSim } from '../support/scenario-sim.js';
import type { StepSpec } from '../support/step-library.js';
import { step } from '../support/step-library.js';
import { modeKey, MODE_LABELS, STRATEGY_ALIASES } from '../support/strategy-alias.js';
import { BUILT_IN_STRATEGIES } from '../../csms/dlb/load-strategy.js';

const fmtS = (ms: number): string => `${Math.round(ms / 1000)} s`;

/** Fails when a circuit spent more than `graceMs` above its limit in force × (1 + pct %). */
function checkCircuit(sim: ScenarioSim, circuitId: string, pct: number, graceMs: number, name: string): void {
  const worst = sim.sampler.worstExceedance(circuitId, pct);
  if (worst !== undefined && worst.longestMs >= graceMs && !(graceMs > 0 && worst.longestMs === graceMs)) {
    const local = new Date(worst.atMs + sim.siteTime.offsetMs(worst.atMs)).toISOString().slice(11, 19);
    throw new Error(
      `${name} was exceeded on ${worst.phase}: ${worst.peakA.toFixed(1)} A against ${worst.limitA} A` +
        `${pct > 0 ? ` (+${pct} % allowed)` : ''} for ${fmtS(worst.longestMs)} from ${local} site time` +
        `${graceMs > 0 ? `, longer than the ${fmtS(graceMs)} allowed` : ''}`,
    );
  }
}

/** Steps about load balancing: strategy, modes, grid limits and the fuse and fairness checks. */
export const LOAD_STEPS: readonly StepSpec[] = [
  step<[string]>(
    'Given',
    'load balancing',
    'the load balancing strategy is {string}',
    `The CSMS's strategy: ${[...Object.keys(BUILT_IN_STRATEGIES), ...Object.keys(STRATEGY_ALIASES)].join(', ')}, or a module path such as ./my-strategy.js.`,
    'the load balancing strategy is "priority"',
    (w, name) => {
      const plan = w.planning('the load balancing strategy is');
      if (w.context.strategyOverride === undefined) plan.strategy = name;
    },
  ),
  step<[string, boolean]>(
    'Given',
    'load balancing',
    'mode {string} is {switch}',
    `Switches a home-charging mode: ${MODE_LABELS.join(', ')} (Anti Overload is always on).`,
    'mode "PV Dynamic Balance" is on',
    (w, name, on) => {
      const plan = w.planning('mode is on/off');
      const key = modeKey(name, on);
      if (key !== undefined) (plan.modes as Record<string, boolean>)[key] = on;
    },
  ),
  step<[string]>(
    'Given',
    'load balancing',
    'user {string} has VIP priority',
    'Sessions started with this user\'s tag get the "vip" class under the priority strategy.',
    'user "Meera" has VIP priority',
    (w, name) => {
      w.planning('has VIP priority').user(name).vip = true;
    },
  ),
  step<[number]>(
    'When',
    'load balancing',
    'the grid limit drops to {current}',
    'The utility lowers the site limit per phase (demand response): the balancer and the fuse checks use it from now on.',
    'the grid limit drops to 40 A',
    async (w, limitA) => {
      const sim = await w.sim();
      const local = sim.needLocal('a grid limit change');
      if (!(limitA >= 0)) throw new ScenarioInputError(`the grid limit must be >= 0 A, got ${limitA}`);
      const main = local.balancer.site.main;
      await local.balancer.updateSite({ main: { ...main, maxPerPhaseA: limitA } });
      sim.sampler.setLimit('main', limitA);
    },
  ),
  step(
    'Then',
    'load balancing',
    'the main fuse is never exceeded',
    'No sample of any phase of the grid connection went above the limit in force.',
    'the main fuse is never exceeded',
    async (w) => checkCircuit(await w.sim(), 'main', 0, 0, 'the main fuse'),
  ),
  step<[number, number]>(
    'Then',
    'load balancing',
    'the main fuse is never exceeded by more than {int} % for more than {duration}',
    'Allows short, small overshoots (an EV reacting to a new limit): fails on a longer stretch above the limit + tolerance.',
    'the main fuse is never exceeded by more than 10 % for more than 1 min',
    async (w, pct, graceMs) => checkCircuit(await w.sim(), 'main', pct, graceMs, 'the main fuse'),
  ),
  step<[string]>(
    'Then',
    'load balancing',
    'sub-panel {string} is never exceeded',
    'No sample of the sub-panel went above its breaker rating.',
    'sub-panel "garage" is never exceeded',
    async (w, id) => {
      const sim = await w.sim();
      if (!w.plan.panels.some((p) => p.id === id)) throw new ScenarioInputError(`no sub-panel "${id}"`);
      checkCircuit(sim, id, 0, 0, `sub-panel "${id}"`);
    },
  ),
  step(
    'Then',
    'load balancing',
    'no breaker would trip',
    "An IEC 60898-1 type B or C breaker of each circuit's rating would not have tripped on the recorded currents.",
    'no breaker would trip',
    async (w) => {
      const sim = await w.sim();
      for (const id of w.plan.circuitIds()) {
        const limit = sim.sampler.limits.get(id)?.[0]?.limitA ?? 0;
        const c = circuitCompliance({
          circuitId: id,
          limitPerPhaseA: limit,
          samples: sim.sampler.circuitSamples.get(id) ?? [],
        });
        if (c.wouldTrip) {
          throw new Error(
            `the ${limit} A breaker of circuit "${id}" would trip: peak ${c.peakA} A, ${c.secondsAboveLimit} s above rating, ${c.secondsAbove145} s above 1.45 × rating`,
          );
        }
      }
    },
  ),
  step<[number]>(
    'Then',
    'load balancing',
    "Jain's fairness index is at least {float}",
    "The time-weighted mean of Jain's index over the times two or more sessions wanted more than they got.",
    "Jain's fairness index is at least 0.9",
    async (w, min) => {
      const sim = await w.sim();
      const f = fairness(sim.sampler.shares);
      if (f.meanIndex === null) {
        throw new Error("Jain's index needs sessions competing for power, and no two sessions ever did");
      }
      if (f.meanIndex < min) {
        throw new Error(
          `Jain's fairness index was ${f.meanIndex.toFixed(3)} on average (lowest ${f.minIndex?.toFixed(3)}), expected at least ${min}`,
        );
      }
    },
  ),
  step<[number]>(
    'Then',
    'load balancing',
    'PV self-consumption is at least {int} %',
    'The share of the PV energy used on site (not exported).',
    'PV self-consumption is at least 60 %',
    async (w, pct) => {
      const sim = await w.sim();
      const e = siteEnergy(sim.sampler.siteSamples);
      if (e.pvSelfConsumption === null) throw new Error('the site produced no PV energy in this scenario');
      if (e.pvSelfConsumption * 100 < pct) {
        throw new Error(
          `PV self-consumption was ${(e.pvSelfConsumption * 100).toFixed(1)} % (${(e.gridExportWh / 1000).toFixed(2)} kWh exported of ${(e.pvWh / 1000).toFixed(2)} kWh), expected at least ${pct} %`,
        );
      }
    },
  ),
];
