import type { SiteMeterPhase } from '../../common/site-meter-measurands.js';
import type { NeutralSampledValue } from './station-types.js';

/** Voltages are reported phase-to-neutral. */
const VOLTAGE_PHASE = { L1: 'L1-N', L2: 'L2-N', L3: 'L3-N' } as const;

/**
 * The phase a sampled value carries on the wire (both versions): a voltage phase-to-neutral
 * (`L1-N`), anything else its phase; undefined for a value that is not per phase.
 */
export function wirePhaseOf(v: NeutralSampledValue): SiteMeterPhase | undefined {
  if (v.phase === undefined) return undefined;
  return v.measurand === 'Voltage' ? VOLTAGE_PHASE[v.phase] : v.phase;
}
