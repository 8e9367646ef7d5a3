/** Jain's fairness index (Σx)² / (n·Σx²) of non-negative values: 1 = all equal, 1/n = one takes all. */
export function jainIndex(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  let sum = 0;
  let sumSq = 0;
  for (const x of values) {
    if (!(x >= 0) || !Number.isFinite(x)) throw new Error(`Jain's index needs finite values >= 0, got ${x}`);
    sum += x;
    sumSq += x * x;
  }
  if (sumSq === 0) return 1;
  return (sum * sum) / (values.length * sumSq);
}

/** What one session was given against what it wanted, at one moment (per phase, amperes). */
export interface SessionShare {
  readonly sessionId: string;
  readonly allocatedA: number;
  readonly demandA: number;
}

/** The allocations of all sessions at one moment; holds until the next sample. */
export interface AllocationSample {
  readonly timeMs: number;
  readonly sessions: readonly SessionShare[];
}

/** Fairness at one moment. */
export interface FairnessPoint {
  readonly timeMs: number;
  /** Jain's index over allocation / demand of the sessions that wanted more than they got; null if none did. */
  readonly index: number | null;
  /** How many sessions wanted more than they got. */
  readonly constrained: number;
}

/** Fairness over a run. */
export interface FairnessSummary {
  readonly series: readonly FairnessPoint[];
  /** Time-weighted mean of the index over the time at least two sessions were constrained; null if never. */
  readonly meanIndex: number | null;
  /** Lowest index over the moments at least two sessions were constrained. */
  readonly minIndex: number | null;
  /** Jain's index over each session's time-averaged allocation / demand while it was constrained. */
  readonly wholeRunIndex: number | null;
  /** Seconds during which at least two sessions were constrained. */
  readonly contendedSeconds: number;
}

/** Tolerance below the demand (A) under which a session counts as having got what it wanted. */
export const SATISFIED_TOLERANCE_A = 0.05;

function constrainedRatios(sample: AllocationSample): { sessionId: string; ratio: number }[] {
  return sample.sessions
    .filter((s) => s.demandA > 0 && s.allocatedA < s.demandA - SATISFIED_TOLERANCE_A)
    .map((s) => ({ sessionId: s.sessionId, ratio: Math.max(0, s.allocatedA) / s.demandA }));
}

/**
 * Jain's index over allocation / demand of the sessions that wanted more than they got, per sample
 * and over the run. Each sample holds until the next; the last until `endMs`.
 */
export function fairness(samples: readonly AllocationSample[], endMs?: number): FairnessSummary {
  const series: FairnessPoint[] = [];
  let weighted = 0;
  let contendedMs = 0;
  let minIndex: number | null = null;
  const perSession = new Map<string, { ratioMs: number; ms: number }>();
  samples.forEach((sample, i) => {
    const next =
      i + 1 < samples.length ? samples[i + 1]!.timeMs : Math.max(endMs ?? sample.timeMs, sample.timeMs);
    const dt = next - sample.timeMs;
    if (dt < 0) throw new Error(`allocation samples must be in time order (sample ${i + 1})`);
    const ratios = constrainedRatios(sample);
    const index = jainIndex(ratios.map((r) => r.ratio));
    series.push({ timeMs: sample.timeMs, index, constrained: ratios.length });
    if (ratios.length >= 2 && index !== null) {
      weighted += index * dt;
      contendedMs += dt;
      minIndex = minIndex === null ? index : Math.min(minIndex, index);
    }
    for (const r of ratios) {
      const acc = perSession.get(r.sessionId) ?? { ratioMs: 0, ms: 0 };
      acc.ratioMs += r.ratio * dt;
      acc.ms += dt;
      perSession.set(r.sessionId, acc);
    }
  });
  const averages = [...perSession.values()].filter((a) => a.ms > 0).map((a) => a.ratioMs / a.ms);
  return {
    series,
    meanIndex: contendedMs > 0 ? weighted / contendedMs : null,
    minIndex,
    wholeRunIndex: averages.length >= 2 ? jainIndex(averages) : null,
    contendedSeconds: contendedMs / 1000,
  };
}

/** Energy one EV asked for and got. */
export interface EvEnergy {
  readonly evId: string;
  readonly requestedWh: number;
  readonly deliveredWh: number;
}

/** Delivered / requested energy per EV, with min, max, mean and Jain's index over the ratios. */
export interface EnergyRatioSummary {
  readonly perEv: readonly {
    readonly evId: string;
    readonly requestedWh: number;
    readonly deliveredWh: number;
    readonly ratio: number;
  }[];
  readonly minRatio: number | null;
  readonly maxRatio: number | null;
  readonly meanRatio: number | null;
  readonly jainIndex: number | null;
}

/** Delivered / requested energy per EV (capped at 1; EVs that requested nothing are left out). */
export function energyRatios(evs: readonly EvEnergy[]): EnergyRatioSummary {
  const perEv = evs
    .filter((e) => e.requestedWh > 0)
    .map((e) => ({ ...e, ratio: Math.min(1, Math.max(0, e.deliveredWh) / e.requestedWh) }));
  const ratios = perEv.map((e) => e.ratio);
  return {
    perEv,
    minRatio: ratios.length === 0 ? null : Math.min(...ratios),
    maxRatio: ratios.length === 0 ? null : Math.max(...ratios),
    meanRatio: ratios.length === 0 ? null : ratios.reduce((a, b) => a + b, 0) / ratios.length,
    jainIndex: jainIndex(ratios),
  };
}
