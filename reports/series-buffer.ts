import { downsampleMinMax } from './downsample.js';
import type { Series } from './run-report.js';

/**
 * Collects one trace at full resolution and hands it out downsampled. Samples must come in time
 * order; one that goes back in time is refused, since it would draw a line backwards.
 */
export class SeriesBuffer {
  readonly #timesMs: number[] = [];
  readonly #values: (number | null)[] = [];

  constructor(
    readonly name: string,
    readonly unit: string,
    readonly shape: 'linear' | 'hv' = 'linear',
  ) {}

  /** Number of samples recorded. */
  get length(): number {
    return this.#timesMs.length;
  }

  /** Time of the last sample, or undefined before the first. */
  get lastTimeMs(): number | undefined {
    return this.#timesMs[this.#timesMs.length - 1];
  }

  /** Adds a sample; `value` null is a gap (nothing known). */
  push(timeMs: number, value: number | null): void {
    if (!Number.isFinite(timeMs)) throw new Error(`${this.name}: sample time must be a finite number`);
    if (value !== null && !Number.isFinite(value)) {
      throw new Error(`${this.name}: value at ${timeMs} must be a finite number or null, got ${value}`);
    }
    const last = this.lastTimeMs;
    if (last !== undefined && timeMs < last) {
      throw new Error(`${this.name}: sample at ${timeMs} is earlier than the previous one at ${last}`);
    }
    this.#timesMs.push(timeMs);
    this.#values.push(value);
  }

  /** The trace, at most `maxPoints` points, peaks kept. */
  toSeries(maxPoints: number): Series {
    const p = downsampleMinMax({ timesMs: this.#timesMs, values: this.#values }, maxPoints);
    const series: Series = { name: this.name, unit: this.unit, timesMs: p.timesMs, values: p.values };
    return this.shape === 'hv' ? { ...series, shape: 'hv' } : series;
  }
}
