import type { PerPhase, Phase, PhaseCount } from '../../common/units.js';
import type { CircuitTree } from './circuit-tree.js';
import type { DlbSettings } from './dlb-settings.js';
import type { PvState } from './pv-hysteresis.js';

/** One charging session as a strategy sees it. Currents are per phase, in amperes. */
export interface SessionDemand {
  readonly sessionId: string;
  /** Id of the charger (tree leaf) the session runs on. */
  readonly chargerId: string;
  /** Phases the EV draws on (a 1-phase EV on a 3-phase charger draws on 1). */
  readonly phases: PhaseCount;
  /** Supply phase of the EV's first conductor (the charger's phase rotation). */
  readonly firstPhase: Phase;
  /** Below this the session is paused rather than starved (default 6 A). */
  readonly minCurrentA: number;
  /** The lower of the charger's hardware cap and the EV's acceptance. */
  readonly maxCurrentA: number;
  /** What the EV would draw now if allowed (<= maxCurrentA; 0 once full). */
  readonly demandA: number;
  /** Current the EV draws now, as measured. */
  readonly measuredA?: number;
  /** The limit in force now (last one dispatched). */
  readonly allocatedA?: number;
  /** Priority class (`normal`, `fleet`, `vip`, …) for the priority strategy. */
  readonly priority?: string;
  /** Explicit weight; overrides the priority class. */
  readonly weight?: number;
  /** False when the station does not obey limits (it rejected a profile): counted at its maximum. */
  readonly controllable?: boolean;
  /** Since when the session has been charging (limit > 0), epoch ms. */
  readonly chargingSinceMs?: number;
  /** Since when the session has been paused (limit 0), epoch ms. */
  readonly pausedSinceMs?: number;
}

/** Site measurements a strategy works from, per phase in amperes. */
export interface SiteMeasurements {
  readonly voltageV: number;
  /** Everything on the main breaker that is not a balanced charger. */
  readonly homePerPhaseA: PerPhase;
  /** PV production (>= 0). */
  readonly pvPerPhaseA: PerPhase;
  /** Grid import (+) / export (-), when measured. */
  readonly gridPerPhaseA?: PerPhase;
}

/** Everything a strategy is given. It must not read anything else (no clock, no I/O). */
export interface StrategyInput {
  readonly tree: CircuitTree;
  readonly sessions: readonly SessionDemand[];
  readonly measurements: SiteMeasurements;
  /** Epoch ms the allocation is for. */
  readonly timeMs: number;
  /** IANA time zone of the site (windows are in site time). */
  readonly timeZone: string;
  readonly settings: DlbSettings;
  /** PV Dynamic Balance state after this step's hysteresis. */
  readonly pv: PvState;
}

/** The limit given to one session. */
export interface Allocation {
  readonly sessionId: string;
  readonly chargerId: string;
  /** Limit per loaded phase in amperes; 0 = paused. */
  readonly perPhaseA: number;
  readonly phases: PhaseCount;
  readonly firstPhase: Phase;
  /** Why the session got this much, in words. */
  readonly reason: string;
  /** What bounded it: a constraint id (`circuit:main:L1`, `circuit:floor-1:power`, `pv-budget`), `cap`, `demand` or `paused`. */
  readonly limitedBy?: string;
}

/**
 * The strategy seam: a pure function from tree, sessions, measurements and time to one
 * allocation per session. The anti-overload safety layer runs after it, whatever it returns.
 */
export type Strategy = (input: StrategyInput) => Allocation[];
