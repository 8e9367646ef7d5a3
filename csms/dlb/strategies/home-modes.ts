import { powerFromCurrentW } from '../../../common/units.js';
import { fairShare } from '../fair-share.js';
import type { LabelledConstraint } from '../site-constraints.js';
import type { Allocation, SessionDemand, StrategyInput } from '../strategy.js';
import { inDailyWindow } from './time-of-use.js';

/** Which home-charging mode decides the targets now. `base` = the site's strategy. */
export type ActiveHomeMode = 'extreme' | 'night-full-speed' | 'pv-dynamic' | 'base';

/** The mode in force, by precedence: Extreme > Night Full Speed (in its window) > PV Dynamic Balance > base. */
export function activeHomeMode(
  input: Pick<StrategyInput, 'settings' | 'timeMs' | 'timeZone'>,
): ActiveHomeMode {
  const { modes, nightWindow } = input.settings;
  if (modes.extreme) return 'extreme';
  if (modes.nightFullSpeed && inDailyWindow(nightWindow, input.timeMs, input.timeZone))
    return 'night-full-speed';
  if (modes.pvDynamic) return 'pv-dynamic';
  return 'base';
}

/** Full speed (`extremeCurrentA`, 32 A by default) for every session that wants charge; the fuse still caps. */
export function fullSpeed(input: StrategyInput, label: string): Allocation[] {
  return fairShare(input, input.sessions, {
    reasonPrefix: label,
    target: (s) => (s.demandA > 0 ? input.settings.extremeCurrentA : 0),
  });
}

function fmtKw(w: number): string {
  return `${(w / 1000).toFixed(2)} kW`;
}

/**
 * PV Dynamic Balance: the chargers together take the PV surplus (PV minus home), shared fairly.
 * Hysteresis (`input.pv`) decides whether surplus charging is on. While on and the surplus dips,
 * one session keeps its minimum until the disable delay runs out. Min+PV never drops below the
 * minimum and adds the surplus on top of it.
 */
export function pvDynamic(input: StrategyInput): Allocation[] {
  const { pv, settings } = input;
  const v = input.measurements.voltageV;
  const minPowerW = (s: SessionDemand): number => powerFromCurrentW(s.minCurrentA, s.phases, v);
  const wanting = input.sessions.filter((s) => s.demandA > 0);
  const sumMinW = wanting.reduce((a, s) => a + minPowerW(s), 0);
  const oneMinW = wanting.length === 0 ? 0 : Math.min(...wanting.map(minPowerW));
  const surplusW = Math.max(0, pv.surplusW);
  let budgetW: number;
  let why: string;
  if (settings.modes.minPlusPv) {
    budgetW = Math.max(surplusW, sumMinW);
    why = `Min+PV (surplus ${fmtKw(surplusW)}, minimum for all ${fmtKw(sumMinW)})`;
  } else if (pv.active) {
    budgetW = Math.max(surplusW, oneMinW);
    why =
      surplusW >= oneMinW
        ? `PV surplus ${fmtKw(surplusW)}`
        : `PV surplus ${fmtKw(surplusW)} dipped: one session held at its minimum until the disable delay passes`;
  } else {
    budgetW = 0;
    why = `PV surplus ${fmtKw(surplusW)} has not stayed above ${fmtKw(settings.pv.enableThresholdW)} for ${Math.round(settings.pv.enableDelayMs / 1000)} s`;
  }
  const pvBudget = (sessions: readonly SessionDemand[]): LabelledConstraint[] => [
    {
      id: 'pv-budget',
      limit: budgetW,
      members: sessions.map((s, index) => ({ index, coeff: powerFromCurrentW(1, s.phases, v) })),
      label: `the PV budget ${fmtKw(budgetW)}`,
    },
  ];
  return fairShare(input, input.sessions, {
    reasonPrefix: `PV Dynamic Balance, ${why}`,
    extraConstraints: pvBudget,
  });
}
