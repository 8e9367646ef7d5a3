import { loadSite, SiteConfigError } from '../../simulator/site/load-site.js';
import { ScenarioInputError } from '../support/run-context.js';
import type { ScenarioPlan } from '../support/scenario-plan.js';
import type { StepSpec } from '../support/step-library.js';
import { step } from '../support/step-library.js';

/** Time zone of a site set up with `a site with a … main fuse`. */
export const DEFAULT_SITE_TIME_ZONE = 'Asia/Kolkata';

/** Named home load profiles: lowest (night) and highest (evening peak) power, W. */
export const HOME_LOAD_PROFILES: Readonly<Record<string, { minPowerW: number; maxPowerW: number }>> = {
  reference: { minPowerW: 3000, maxPowerW: 8000 },
  small: { minPowerW: 500, maxPowerW: 2500 },
  large: { minPowerW: 4000, maxPowerW: 12_000 },
};

/** Steps that describe the site: supply, PV, home load, sub-panels. */
export const SITE_STEPS: readonly StepSpec[] = [
  step<[number, number]>(
    'Given',
    'site',
    'a site with a {current} main fuse on {int} phase(s)',
    'A site in Asia/Kolkata at 230 V with the main fuse rating per phase; no PV, no home load, no chargers yet.',
    'a site with a 60 A main fuse on 3 phases',
    (w, fuseA, phases) => {
      const plan = w.planning('a site with a main fuse');
      if (phases !== 1 && phases !== 3)
        throw new ScenarioInputError(`a site has 1 or 3 phases, not ${phases}`);
      if (!(fuseA >= 6)) throw new ScenarioInputError(`the main fuse must be at least 6 A, got ${fuseA} A`);
      plan.site = {
        id: 'site',
        timeZone: DEFAULT_SITE_TIME_ZONE,
        voltageV: 230,
        phases,
        mainFuseA: fuseA,
        pv: { peakPowerW: 0 },
        home: { minPowerW: 0, maxPowerW: 0, imbalance: 0 },
        chargers: [],
      };
    },
  ),
  step<[string]>(
    'Given',
    'site',
    'a site from {string}',
    'Loads a site file (schemas/site/site.schema.json): supply, PV, home load and its chargers. Paths are tried as given, beside the feature file, then in scenarios/sites/.',
    'a site from "reference-home.json"',
    (w, path) => {
      const plan = w.planning('a site from a file');
      const file = w.resolveFile(path);
      try {
        plan.site = loadSite(file);
      } catch (err) {
        if (err instanceof SiteConfigError) throw new ScenarioInputError(err.message);
        throw err;
      }
      plan.siteSource = file;
      for (const c of plan.site.chargers) {
        plan.addCharger({
          id: c.id,
          version: c.version,
          maxCurrentA: c.maxCurrentA,
          phases: c.phases,
          phase: c.phase ?? 'L1',
          circuitId: 'main',
        });
      }
    },
  ),
  step<[number]>(
    'Given',
    'site',
    'PV peaking at {power}',
    'A PV installation with this peak AC output on a clear day (sunrise 06:00, sunset 18:30, seeded clouds).',
    'PV peaking at 10 kW',
    (w, peakW) => {
      const site = w.planning('PV peaking at').needSite();
      site.pv = { ...site.pv, peakPowerW: peakW };
    },
  ),
  step<[number]>(
    'Given',
    'site',
    'a home load of {power}',
    'A constant house load, spread evenly over the phases.',
    'a home load of 3 kW',
    (w, powerW) => {
      const site = w.planning('a home load of').needSite();
      site.home = { minPowerW: powerW, maxPowerW: powerW, imbalance: 0 };
    },
  ),
  step<[string]>(
    'Given',
    'site',
    'home load profile {string}',
    `A daily house load pattern: ${Object.entries(HOME_LOAD_PROFILES)
      .map(([n, p]) => `"${n}" (${p.minPowerW / 1000}-${p.maxPowerW / 1000} kW)`)
      .join(', ')}.`,
    'home load profile "reference"',
    (w, name) => {
      const site = w.planning('home load profile').needSite();
      const p = HOME_LOAD_PROFILES[name];
      if (p === undefined) {
        throw new ScenarioInputError(
          `unknown home load profile "${name}": use one of ${Object.keys(HOME_LOAD_PROFILES).join(', ')}`,
        );
      }
      site.home = { ...p, imbalance: 0.15 };
    },
  ),
  step<[string, number]>(
    'Given',
    'site',
    'a sub-panel {string} of {current} on the main fuse',
    'A sub-panel fed from the main fuse, with its own breaker rating per phase.',
    'a sub-panel "garage" of 40 A on the main fuse',
    (w, id, limitA) => {
      addPanel(w.planning('a sub-panel'), id, limitA, 'main');
    },
  ),
  step<[string, number, string]>(
    'Given',
    'site',
    'a sub-panel {string} of {current} inside {string}',
    'A sub-panel fed from another sub-panel (nested panels).',
    'a sub-panel "vip-line" of 32 A inside "garage"',
    (w, id, limitA, parentId) => {
      addPanel(w.planning('a sub-panel'), id, limitA, parentId);
    },
  ),
];

function addPanel(plan: ScenarioPlan, id: string, limitA: number, parentId: string): void {
  plan.needSite();
  if (plan.circuitIds().includes(id)) throw new ScenarioInputError(`circuit "${id}" is set up twice`);
  if (!plan.circuitIds().includes(parentId)) {
    throw new ScenarioInputError(
      `no circuit "${parentId}" to put sub-panel "${id}" in (circuits: ${plan.circuitIds().join(', ')})`,
    );
  }
  plan.panels.push({ id, maxPerPhaseA: limitA, parentId });
}
