import type { PerPhase } from '../../common/units.js';

/** A circuit's current per phase at one moment; it holds until the next sample. */
export interface CircuitSample {
  readonly timeMs: number;
  readonly perPhaseA: PerPhase;
}

/** The recorded currents of one circuit, with its rated current per phase. */
export interface CircuitSeries {
  readonly circuitId: string;
  /** Rated current In of the circuit's breaker per phase, amperes. */
  readonly limitPerPhaseA: number;
  /** Samples in time order. */
  readonly samples: readonly CircuitSample[];
  /** When the last sample stops holding (default: the last sample's time). */
  readonly endMs?: number;
}

/** One interval of constant current: [startMs, startMs + durationMs). */
export interface HeldInterval {
  readonly startMs: number;
  readonly durationMs: number;
  readonly currentA: number;
}

/**
 * The step function of one value over time (zero-order hold): each sample's value holds until the
 * next sample, the last until `endMs`. Throws when samples go back in time.
 */
export function heldIntervals<T extends { readonly timeMs: number }>(
  samples: readonly T[],
  value: (s: T) => number,
  endMs?: number,
): HeldInterval[] {
  const out: HeldInterval[] = [];
  for (let i = 0; i < samples.length; i++) {
    const s = samples[i]!;
    const next = i + 1 < samples.length ? samples[i + 1]!.timeMs : Math.max(endMs ?? s.timeMs, s.timeMs);
    if (next < s.timeMs) {
      throw new Error(
        `samples must be in time order: sample ${i + 1} at ${next} is before sample ${i} at ${s.timeMs}`,
      );
    }
    out.push({ startMs: s.timeMs, durationMs: next - s.timeMs, currentA: value(s) });
  }
  return out;
}
