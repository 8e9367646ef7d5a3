import type { OcppVersion } from '../../common/ocpp-version.js';
import type { Phase } from '../../common/units.js';
import { ScenarioInputError } from '../support/run-context.js';
import type { StepSpec } from '../support/step-library.js';
import { step } from '../support/step-library.js';

/** Steps that set up and disturb the chargers. */
export const STATION_STEPS: readonly StepSpec[] = [
  step<[number, OcppVersion, number]>(
    'Given',
    'stations',
    '{int} OCPP {version} charger(s) rated {current}',
    'Three-phase chargers CP1, CP2, … (numbered on from the chargers already there) on the main fuse.',
    '2 OCPP 1.6 chargers rated 32 A',
    (w, count, version, maxCurrentA) => {
      const plan = w.planning('chargers rated');
      const site = plan.needSite();
      if (!(count >= 1 && count <= 500)) throw new ScenarioInputError(`give 1 to 500 chargers, not ${count}`);
      for (let i = 0; i < count; i++) {
        let n = plan.chargers.length + 1;
        while (plan.chargers.some((c) => c.id === `CP${n}`)) n++;
        plan.addCharger({
          id: `CP${n}`,
          version,
          maxCurrentA: checkRating(maxCurrentA),
          phases: site.phases,
          phase: 'L1',
          circuitId: 'main',
        });
      }
    },
  ),
  step<[string, OcppVersion, Phase]>(
    'Given',
    'stations',
    'a charger {string} speaking OCPP {version} on phase {phase}',
    'A single-phase 32 A charger wired to one supply phase.',
    'a charger "CP1" speaking OCPP 2.0.1 on phase L2',
    (w, id, version, phase) => {
      w.planning('a charger speaking OCPP').addCharger({
        id,
        version,
        maxCurrentA: 32,
        phases: 1,
        phase,
        circuitId: 'main',
      });
    },
  ),
  step<[string, OcppVersion, Phase, number]>(
    'Given',
    'stations',
    'a charger {string} speaking OCPP {version} on phase {phase} rated {current}',
    'A single-phase charger wired to one supply phase, with its rated current.',
    'a charger "CP1" speaking OCPP 1.6 on phase L1 rated 16 A',
    (w, id, version, phase, maxCurrentA) => {
      w.planning('a charger speaking OCPP').addCharger({
        id,
        version,
        maxCurrentA: checkRating(maxCurrentA),
        phases: 1,
        phase,
        circuitId: 'main',
      });
    },
  ),
  step<[string, OcppVersion, number]>(
    'Given',
    'stations',
    'a three-phase charger {string} speaking OCPP {version} rated {current}',
    'A three-phase charger with its rated current per phase.',
    'a three-phase charger "WALLBOX" speaking OCPP 2.0.1 rated 16 A',
    (w, id, version, maxCurrentA) => {
      w.planning('a three-phase charger').addCharger({
        id,
        version,
        maxCurrentA: checkRating(maxCurrentA),
        phases: 3,
        phase: 'L1',
        circuitId: 'main',
      });
    },
  ),
  step<[string, string]>(
    'Given',
    'stations',
    'charger {string} is on sub-panel {string}',
    'Wires a charger to a sub-panel instead of the main fuse.',
    'charger "CP1" is on sub-panel "garage"',
    (w, id, panelId) => {
      const plan = w.planning('charger is on sub-panel');
      if (!plan.panels.some((p) => p.id === panelId)) {
        throw new ScenarioInputError(
          `no sub-panel "${panelId}" (sub-panels: ${plan.panels.map((p) => `"${p.id}"`).join(', ') || 'none'})`,
        );
      }
      plan.charger(id).circuitId = panelId;
    },
  ),
  step<[string]>(
    'Given',
    'stations',
    'the CSMS under test at {string}',
    'Points the chargers at an external CSMS (ws:// or wss:// base URL, the charger id is appended) in real time instead of the in-process reference CSMS.',
    'the CSMS under test at "ws://localhost:9000/ocpp"',
    (w, url) => {
      if (!/^wss?:\/\/[^\s]+$/.test(url)) {
        throw new ScenarioInputError(`the CSMS URL must start with ws:// or wss://, got "${url}"`);
      }
      w.planning('the CSMS under test').csmsUrl = url.replace(/\/+$/, '');
    },
  ),
  step<[string, number]>(
    'When',
    'stations',
    'charger {string} loses its connection for {duration}',
    'Drops the WebSocket of a charger; it reconnects after the duration (then with back-off) and replays what it queued.',
    'charger "CP1" loses its connection for 10 min',
    async (w, id, downMs) => {
      const sim = await w.sim();
      sim.station(id).dropConnection(downMs);
    },
  ),
  step<[string]>(
    'Then',
    'stations',
    'charger {string} is online',
    'The charger is connected and accepted by the CSMS.',
    'charger "CP1" is online',
    async (w, id) => {
      const sim = await w.sim();
      const state = sim.station(id).state;
      if (state !== 'accepted') throw new Error(`charger "${id}" is ${state}, expected it online (accepted)`);
    },
  ),
];

function checkRating(a: number): number {
  if (!(a >= 6 && a <= 500)) throw new ScenarioInputError(`a charger is rated 6 to 500 A, not ${a} A`);
  return a;
}
