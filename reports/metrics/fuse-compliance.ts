import { PHASES } from '../../common/units.js';
import type { Phase } from '../../common/units.js';
import { heldIntervals } from './circuit-series.js';
import type { CircuitSeries } from './circuit-series.js';
import { breakerVerdict } from './iec60898-breaker.js';
import type { TripVerdict } from './iec60898-breaker.js';

/** Fuse compliance of one phase of one circuit. */
export interface PhaseCompliance {
  readonly phase: Phase;
  readonly limitA: number;
  readonly peakA: number;
  /** How far the peak went above the limit, in % of the limit (0 when it never did). */
  readonly overshootPct: number;
  readonly secondsAboveLimit: number;
  /** Seconds above 1.13 x the limit (the conventional non-tripping current). */
  readonly secondsAbove113: number;
  /** Seconds above 1.45 x the limit (the conventional tripping current). */
  readonly secondsAbove145: number;
  /** Integral of (current - limit) over the time above the limit, A·s. */
  readonly ampereSecondsAbove: number;
  /** Would a type B / type C breaker of this rating trip (IEC 60898-1 model)? */
  readonly breakerB: TripVerdict;
  readonly breakerC: TripVerdict;
}

/** Fuse compliance of one circuit. */
export interface CircuitCompliance {
  readonly circuitId: string;
  readonly limitA: number;
  readonly phases: readonly PhaseCompliance[];
  /** Worst figures over the phases. */
  readonly peakA: number;
  readonly overshootPct: number;
  readonly secondsAboveLimit: number;
  readonly secondsAbove113: number;
  readonly secondsAbove145: number;
  readonly ampereSecondsAbove: number;
  /** True when a type B or C breaker would certainly trip on some phase. */
  readonly wouldTrip: boolean;
}

const round = (x: number, digits = 3): number => Number(x.toFixed(digits));

/** Fuse compliance of one phase from a held current profile. */
export function phaseCompliance(series: CircuitSeries, phase: Phase): PhaseCompliance {
  const limitA = series.limitPerPhaseA;
  if (!(limitA > 0))
    throw new Error(`circuit ${series.circuitId}: limitPerPhaseA must be positive, got ${limitA}`);
  const intervals = heldIntervals(series.samples, (s) => s.perPhaseA[phase], series.endMs);
  let peakA = 0;
  let above = 0;
  let above113 = 0;
  let above145 = 0;
  let ampSeconds = 0;
  for (const iv of intervals) {
    const a = Math.abs(iv.currentA);
    const s = iv.durationMs / 1000;
    peakA = Math.max(peakA, a);
    if (a > limitA) {
      above += s;
      ampSeconds += (a - limitA) * s;
    }
    if (a > 1.13 * limitA) above113 += s;
    if (a > 1.45 * limitA) above145 += s;
  }
  return {
    phase,
    limitA,
    peakA: round(peakA),
    overshootPct: round(Math.max(0, ((peakA - limitA) / limitA) * 100), 2),
    secondsAboveLimit: round(above),
    secondsAbove113: round(above113),
    secondsAbove145: round(above145),
    ampereSecondsAbove: round(ampSeconds),
    breakerB: breakerVerdict(intervals, limitA, 'B'),
    breakerC: breakerVerdict(intervals, limitA, 'C'),
  };
}

/** Fuse compliance of a circuit on every phase, with the worst figures. */
export function circuitCompliance(series: CircuitSeries): CircuitCompliance {
  const phases = PHASES.map((p) => phaseCompliance(series, p));
  const worst = (f: (p: PhaseCompliance) => number): number => Math.max(...phases.map(f));
  return {
    circuitId: series.circuitId,
    limitA: series.limitPerPhaseA,
    phases,
    peakA: worst((p) => p.peakA),
    overshootPct: worst((p) => p.overshootPct),
    secondsAboveLimit: worst((p) => p.secondsAboveLimit),
    secondsAbove113: worst((p) => p.secondsAbove113),
    secondsAbove145: worst((p) => p.secondsAbove145),
    ampereSecondsAbove: worst((p) => p.ampereSecondsAbove),
    wouldTrip: phases.some((p) => p.breakerB.verdict === 'trips' || p.breakerC.verdict === 'trips'),
  };
}
