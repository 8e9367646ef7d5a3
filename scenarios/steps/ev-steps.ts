import { energyRatios } from '../../reports/metrics/fairness.js';
import { arriveEv, leaveEv } from '../support/ev-arrival.js';
import type { TimeOfDay } from '../support/parameter-types.js';
import { ScenarioInputError } from '../support/run-context.js';
import type { StepSpec } from '../support/step-library.js';
import { step } from '../support/step-library.js';

/** Energy an EV wants when a step does not say, Wh. */
export const DEFAULT_WANTED_WH = 20_000;

const kWh = (wh: number): string => `${(wh / 1000).toFixed(2)} kWh`;

/** Steps about EVs: arrivals, departures and the energy they got. */
export const EV_STEPS: readonly StepSpec[] = [
  step<[number, TimeOfDay, number]>(
    'When',
    'evs',
    '{int} EV(s) arrive(s) at {time} wanting {energy}( each)',
    'EVs (seeded car types) plug into the first free chargers at the next time the site clock shows, each wanting that energy; they stay a day.',
    '3 EVs arrive at 18:00 wanting 20 kWh each',
    async (w, count, time, wantedWh) => {
      const sim = await w.sim();
      const atMs = sim.nextLocalTime(time.minutes);
      const free = w.plan.chargers.filter(
        (c) => !sim.evs.some((e) => e.chargerId === c.id && e.leftAtMs === undefined),
      );
      if (count > free.length) {
        throw new ScenarioInputError(
          `${count} EVs cannot arrive: only ${free.length} of ${w.plan.chargers.length} chargers are free`,
        );
      }
      for (const c of free.slice(0, count)) await arriveEv(sim, { chargerId: c.id, wantedWh, atMs });
    },
  ),
  step<[string, number]>(
    'When',
    'evs',
    'an EV arrives at charger {string} wanting {energy}',
    'One EV plugs in now and presents an accepted tag.',
    'an EV arrives at charger "CP1" wanting 30 kWh',
    async (w, id, wantedWh) => {
      const sim = await w.sim();
      await arriveEv(sim, { chargerId: id, wantedWh, atMs: sim.clock.now() });
    },
  ),
  step<[string]>(
    'When',
    'evs',
    'an EV arrives at charger {string}',
    `One EV plugs in now wanting ${DEFAULT_WANTED_WH / 1000} kWh and presents an accepted tag.`,
    'an EV arrives at charger "CP2"',
    async (w, id) => {
      const sim = await w.sim();
      await arriveEv(sim, { chargerId: id, wantedWh: DEFAULT_WANTED_WH, atMs: sim.clock.now() });
    },
  ),
  step<[string]>(
    'When',
    'evs',
    'the EV at charger {string} leaves',
    'The EV unplugs now, which ends its transaction.',
    'the EV at charger "CP1" leaves',
    async (w, id) => {
      leaveEv(await w.sim(), id);
    },
  ),
  step<[number]>(
    'Then',
    'evs',
    'every EV received at least {int} % of the energy it wanted',
    'Compares the AC energy each EV drew with the energy it wanted.',
    'every EV received at least 95 % of the energy it wanted',
    async (w, pct) => {
      const sim = await w.sim();
      if (sim.evs.length === 0) throw new Error('no EV arrived in this scenario, so none received energy');
      const summary = energyRatios(
        sim.evs.map((e) => ({ evId: e.evId, requestedWh: e.wantedWh, deliveredWh: e.ev.drawnWh })),
      );
      const short = summary.perEv.filter((e) => e.ratio * 100 < pct - 1e-9);
      if (short.length > 0) {
        const list = short
          .map((e) => {
            const at = sim.evs.find((x) => x.evId === e.evId)?.chargerId ?? '?';
            return `${e.evId} at ${at}: ${kWh(e.deliveredWh)} of ${kWh(e.requestedWh)} (${(e.ratio * 100).toFixed(1)} %)`;
          })
          .join('; ');
        throw new Error(`expected every EV to get at least ${pct} % of what it wanted; short: ${list}`);
      }
    },
  ),
  step<[string, number]>(
    'Then',
    'evs',
    'charger {string} delivered at least {energy}',
    'Sums the energy the EVs at that charger drew.',
    'charger "CP1" delivered at least 10 kWh',
    async (w, id, minWh) => {
      const sim = await w.sim();
      const wh = deliveredAt(sim.evs, id);
      if (wh < minWh)
        throw new Error(`charger "${id}" delivered ${kWh(wh)}, expected at least ${kWh(minWh)}`);
    },
  ),
  step<[string, string]>(
    'Then',
    'evs',
    'charger {string} delivered more energy than charger {string}',
    'Compares what the EVs at two chargers drew (e.g. a VIP line against a normal one).',
    'charger "VIP1" delivered more energy than charger "CP2"',
    async (w, a, b) => {
      const sim = await w.sim();
      sim.station(a);
      sim.station(b);
      const ea = deliveredAt(sim.evs, a);
      const eb = deliveredAt(sim.evs, b);
      if (!(ea > eb)) {
        throw new Error(`charger "${a}" delivered ${kWh(ea)}, not more than charger "${b}" with ${kWh(eb)}`);
      }
    },
  ),
];

function deliveredAt(evs: readonly { chargerId: string; ev: { drawnWh: number } }[], id: string): number {
  return evs.filter((e) => e.chargerId === id).reduce((a, e) => a + e.ev.drawnWh, 0);
}
