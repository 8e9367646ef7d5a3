import type { PerPhase, Phase } from '../common/units.js';
import { PHASES } from '../common/units.js';
import type { CircuitSample } from './metrics/circuit-series.js';
import { circuitCompliance } from './metrics/fuse-compliance.js';
import type { CircuitCompliance } from './metrics/fuse-compliance.js';
import { SeriesBuffer } from './series-buffer.js';
import type { CircuitSeries, Overshoot, Series } from './run-report.js';

interface OpenOvershoot {
  startMs: number;
  peakA: number;
  peakAtMs: number;
  limitA: number;
}

/**
 * Follows one circuit (main fuse or sub-panel): per-phase current magnitudes against a limit that
 * may change over time, and every overshoot found at full resolution, so that downsampling for
 * the chart can never hide one.
 */
export class CircuitTracker {
  readonly #phases: Record<Phase, SeriesBuffer>;
  readonly #limitChanges: { timeMs: number | undefined; limitA: number }[] = [];
  readonly #open: Partial<Record<Phase, OpenOvershoot>> = {};
  readonly #overshoots: Overshoot[] = [];
  readonly #samples: CircuitSample[] = [];
  readonly #ratedA: number;
  #limitA: number;
  #firstMs: number | undefined;
  #lastMs: number | undefined;

  constructor(
    readonly circuitId: string,
    readonly name: string,
    limitPerPhaseA: number,
  ) {
    checkLimit(circuitId, limitPerPhaseA);
    this.#limitA = limitPerPhaseA;
    this.#ratedA = limitPerPhaseA;
    this.#limitChanges.push({ timeMs: undefined, limitA: limitPerPhaseA });
    this.#phases = {
      L1: new SeriesBuffer(`${name} L1`, 'A'),
      L2: new SeriesBuffer(`${name} L2`, 'A'),
      L3: new SeriesBuffer(`${name} L3`, 'A'),
    };
  }

  /** The limit per phase now, amperes. */
  get limitPerPhaseA(): number {
    return this.#limitA;
  }

  /**
   * From `timeMs` on, the circuit may carry `limitPerPhaseA` per phase (e.g. a utility limit drop;
   * 0 A during an outage).
   */
  setLimit(timeMs: number, limitPerPhaseA: number): void {
    if (!Number.isFinite(limitPerPhaseA) || limitPerPhaseA < 0) {
      throw new Error(
        `circuit "${this.circuitId}": a limit must be a number of amperes >= 0, got ${limitPerPhaseA}`,
      );
    }
    this.#limitA = limitPerPhaseA;
    this.#limitChanges.push({ timeMs, limitA: limitPerPhaseA });
  }

  /** Records the current per phase at `timeMs`; the sign (import or export) does not matter to a fuse. */
  record(timeMs: number, perPhaseA: PerPhase): void {
    this.#firstMs ??= timeMs;
    this.#samples.push({ timeMs, perPhaseA: { ...perPhaseA } });
    for (const phase of PHASES) {
      const a = Math.abs(perPhaseA[phase]);
      this.#phases[phase].push(timeMs, a);
      const open = this.#open[phase];
      if (a > this.#limitA) {
        if (open === undefined) {
          this.#open[phase] = { startMs: timeMs, peakA: a, peakAtMs: timeMs, limitA: this.#limitA };
        } else if (a > open.peakA) {
          Object.assign(open, { peakA: a, peakAtMs: timeMs, limitA: this.#limitA });
        }
      } else if (open !== undefined) {
        this.#overshoots.push({ phase, ...open, endMs: timeMs });
        delete this.#open[phase];
      }
    }
    this.#lastMs = timeMs;
  }

  /** Stretches over the limit in force so far (one still open counts). */
  get overshootCount(): number {
    return this.#overshoots.length + Object.keys(this.#open).length;
  }

  /** Number of samples recorded. */
  get sampleCount(): number {
    return this.#samples.length;
  }

  /**
   * Fuse compliance at full resolution against the circuit's rating (the limit it was defined
   * with: a later utility limit lowers what may be drawn, not what the fuse is rated for).
   */
  compliance(): CircuitCompliance {
    return circuitCompliance({
      circuitId: this.circuitId,
      limitPerPhaseA: this.#ratedA,
      samples: this.#samples,
    });
  }

  /** The circuit's series for drawing, each at most `maxPoints` points. */
  toSeries(maxPoints: number): CircuitSeries {
    const overshoots = [...this.#overshoots];
    for (const phase of PHASES) {
      const open = this.#open[phase];
      if (open !== undefined) overshoots.push({ phase, ...open, endMs: this.#lastMs ?? open.startMs });
    }
    overshoots.sort((a, b) => a.startMs - b.startMs || PHASES.indexOf(a.phase) - PHASES.indexOf(b.phase));
    return {
      circuitId: this.circuitId,
      name: this.name,
      phases: PHASES.map((phase) => ({ phase, ...this.#phases[phase].toSeries(maxPoints) })),
      limitPerPhaseA: this.#limitSeries(maxPoints),
      overshoots,
    };
  }

  #limitSeries(maxPoints: number): Series {
    const limit = new SeriesBuffer(`${this.name} limit`, 'A', 'hv');
    const [initial, ...changes] = this.#limitChanges;
    const start = Math.min(this.#firstMs ?? Infinity, changes[0]?.timeMs ?? Infinity);
    if (Number.isFinite(start)) limit.push(start, initial!.limitA);
    for (const c of changes) if (c.timeMs !== undefined) limit.push(Math.max(c.timeMs, start), c.limitA);
    const end = this.#lastMs;
    if (end !== undefined && (limit.lastTimeMs ?? -Infinity) < end) limit.push(end, this.#limitA);
    return limit.toSeries(maxPoints);
  }
}

function checkLimit(circuitId: string, limitPerPhaseA: number): void {
  if (!Number.isFinite(limitPerPhaseA) || limitPerPhaseA <= 0) {
    throw new Error(
      `circuit "${circuitId}": its rated current must be a positive number of amperes, got ${limitPerPhaseA}`,
    );
  }
}
