/**
 * The one place where current and power are converted. Power is always a total over the phases
 * in use; current is always per phase (`perPhaseA`).
 */

/** Nominal phase-to-neutral voltage used when a site does not say otherwise. */
export const DEFAULT_VOLTAGE_V = 230;

/** Number of phases a load uses. */
export type PhaseCount = 1 | 2 | 3;

/** The three phases of a supply. */
export type Phase = 'L1' | 'L2' | 'L3';

/** All phases, in order. */
export const PHASES: readonly Phase[] = ['L1', 'L2', 'L3'];

/** A value per phase (amperes unless the field name says otherwise). */
export interface PerPhase {
  L1: number;
  L2: number;
  L3: number;
}

/** Total power drawn by `phases` phases at `perPhaseA` each. */
export function powerFromCurrentW(
  perPhaseA: number,
  phases: PhaseCount,
  voltageV = DEFAULT_VOLTAGE_V,
): number {
  return perPhaseA * phases * voltageV;
}

/** Current per phase for a total power spread evenly over `phases` phases. */
export function currentFromPowerA(powerW: number, phases: PhaseCount, voltageV = DEFAULT_VOLTAGE_V): number {
  return powerW / (phases * voltageV);
}

/** Energy in Wh delivered at `powerW` over `durationMs`. */
export function energyWh(powerW: number, durationMs: number): number {
  return (powerW * durationMs) / 3_600_000;
}

/** A per-phase value with every phase equal. */
export function perPhaseOf(value: number): PerPhase {
  return { L1: value, L2: value, L3: value };
}

/** Adds per-phase values. */
export function addPerPhase(a: PerPhase, b: PerPhase): PerPhase {
  return { L1: a.L1 + b.L1, L2: a.L2 + b.L2, L3: a.L3 + b.L3 };
}

/**
 * The phases of the supply a charger's conductors land on, given its phase rotation: a 1-phase
 * charger "on L2" loads L2 only; a 3-phase charger loads all three.
 */
export function phasesLoaded(phases: PhaseCount, firstPhase: Phase = 'L1'): Phase[] {
  const start = PHASES.indexOf(firstPhase);
  return Array.from({ length: phases }, (_, i) => PHASES[(start + i) % 3]!);
}
