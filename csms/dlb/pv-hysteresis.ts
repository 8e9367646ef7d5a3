import { PHASES, powerFromCurrentW } from '../../common/units.js';
import type { PvSettings } from './dlb-settings.js';
import type { SiteMeasurements } from './strategy.js';

/** PV Dynamic Balance on/off state, with the time the pending change started. */
export interface PvState {
  /** Whether charging from surplus is on. */
  readonly active: boolean;
  /** Since when the surplus has been on the other side of the threshold (a change is pending). */
  readonly pendingSinceMs?: number;
  /** The surplus this state was computed from, in W. */
  readonly surplusW: number;
}

/** The state before any measurement: off, nothing pending. */
export const PV_OFF: PvState = { active: false, surplusW: 0 };

/** PV production minus home consumption over all phases, in W (what chargers could take from PV). */
export function pvSurplusW(m: SiteMeasurements): number {
  let w = 0;
  for (const p of PHASES) w += powerFromCurrentW(m.pvPerPhaseA[p] - m.homePerPhaseA[p], 1, m.voltageV);
  return w;
}

/**
 * One step of the PV hysteresis: switches on once the surplus has stayed at or above the enable
 * threshold for the enable delay, and off once it has stayed below the disable threshold for the
 * disable delay. A pure function of the previous state.
 */
export function nextPvState(prev: PvState, surplusW: number, settings: PvSettings, timeMs: number): PvState {
  const crossing = prev.active
    ? surplusW < settings.disableThresholdW
    : surplusW >= settings.enableThresholdW;
  if (!crossing) return { active: prev.active, surplusW };
  const since = prev.pendingSinceMs ?? timeMs;
  const delay = prev.active ? settings.disableDelayMs : settings.enableDelayMs;
  if (timeMs - since >= delay) return { active: !prev.active, surplusW };
  return { active: prev.active, pendingSinceMs: since, surplusW };
}
