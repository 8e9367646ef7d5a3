import { buildCircuitTree } from './circuit-tree.js';
import type { ChargerConfig, CircuitConfig, CircuitTree } from './circuit-tree.js';
import { resolveDlbSettings } from './dlb-settings.js';
import type { DlbSettingsInput } from './dlb-settings.js';
import { PV_OFF } from './pv-hysteresis.js';
import type { PvState } from './pv-hysteresis.js';
import type { SessionDemand, SiteMeasurements, StrategyInput } from './strategy.js';
import { perPhaseOf } from '../../common/units.js';
import type { PerPhase } from '../../common/units.js';

/** `n` chargers named `${prefix}1..n` with the given options (for test sites). */
export function someChargers(
  n: number,
  prefix: string,
  options: Omit<ChargerConfig, 'id'> = {},
): ChargerConfig[] {
  return Array.from({ length: n }, (_, i) => ({ id: `${prefix}${i + 1}`, ...options }));
}

/** A site tree: by default a 60 A main breaker with three 3-phase 32 A chargers CP1..CP3. */
export function aTree(main: Partial<CircuitConfig> = {}, dedicated: ChargerConfig[] = []): CircuitTree {
  return buildCircuitTree(
    { id: 'main', maxPerPhaseA: 60, chargers: someChargers(3, 'CP'), ...main },
    dedicated,
  );
}

/** A session on `chargerId` wanting full speed: 3-phase, 6-32 A. */
export function aSession(chargerId: string, overrides: Partial<SessionDemand> = {}): SessionDemand {
  return {
    sessionId: `s-${chargerId}`,
    chargerId,
    phases: 3,
    firstPhase: 'L1',
    minCurrentA: 6,
    maxCurrentA: 32,
    demandA: 32,
    ...overrides,
  };
}

/** Measurements: home and PV per phase (equal on every phase when a number). */
export function someMeasurements(home: number | PerPhase = 0, pv: number | PerPhase = 0): SiteMeasurements {
  return {
    voltageV: 230,
    homePerPhaseA: typeof home === 'number' ? perPhaseOf(home) : home,
    pvPerPhaseA: typeof pv === 'number' ? perPhaseOf(pv) : pv,
  };
}

/** Noon on 2026-06-01 in Asia/Kolkata (06:30 UTC). */
export const NOON_IST_MS = Date.UTC(2026, 5, 1, 6, 30);

/** A strategy input with sensible defaults (Asia/Kolkata, noon, 5 % margin, PV off). */
export function anInput(
  parts: {
    tree?: CircuitTree;
    sessions?: SessionDemand[];
    measurements?: SiteMeasurements;
    timeMs?: number;
    settings?: DlbSettingsInput;
    pv?: PvState;
  } = {},
): StrategyInput {
  return {
    tree: parts.tree ?? aTree(),
    sessions: parts.sessions ?? [],
    measurements: parts.measurements ?? someMeasurements(),
    timeMs: parts.timeMs ?? NOON_IST_MS,
    timeZone: 'Asia/Kolkata',
    settings: resolveDlbSettings(parts.settings),
    pv: parts.pv ?? PV_OFF,
  };
}
