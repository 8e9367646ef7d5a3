/** Most points a drawn trace keeps; a day at 10 s steps (8,640 samples) is bucketed down to this. */
export const DEFAULT_MAX_POINTS = 2_000;

/** Times and values of one trace; `values[i]` null is a gap. */
export interface Points {
  readonly timesMs: readonly number[];
  readonly values: readonly (number | null)[];
}

/**
 * Picks which sample indices to keep so that at most `maxPoints` remain and no peak is lost:
 * the samples are cut into equal buckets and each bucket keeps its minimum and its maximum (and
 * its first gap, so gaps stay gaps). The first and last samples are always kept. `valueAt(i)` is
 * the value that decides the extremes (for stacked traces, their total).
 */
export function minMaxIndices(
  count: number,
  valueAt: (i: number) => number | null,
  maxPoints: number,
): number[] {
  if (!Number.isInteger(maxPoints) || maxPoints < 8) {
    throw new Error(`maxPoints must be an integer of at least 8, got ${maxPoints}`);
  }
  if (count <= maxPoints) return Array.from({ length: count }, (_, i) => i);
  let hasGap = false;
  for (let i = 0; i < count && !hasGap; i++) hasGap = valueAt(i) === null;
  const perBucket = hasGap ? 3 : 2;
  const buckets = Math.floor((maxPoints - 2) / perBucket);
  const keep: number[] = [0];
  for (let b = 0; b < buckets; b++) {
    const lo = 1 + Math.floor((b * (count - 2)) / buckets);
    const hi = 1 + Math.floor(((b + 1) * (count - 2)) / buckets);
    let minI = -1;
    let maxI = -1;
    let gapI = -1;
    let minV = Infinity;
    let maxV = -Infinity;
    for (let i = lo; i < hi; i++) {
      const v = valueAt(i);
      if (v === null) {
        if (gapI < 0) gapI = i;
        continue;
      }
      if (v < minV) [minV, minI] = [v, i];
      if (v > maxV) [maxV, maxI] = [v, i];
    }
    const picked = [minI, maxI, gapI].filter((i) => i >= 0).sort((a, b2) => a - b2);
    for (const i of picked) if (keep[keep.length - 1] !== i) keep.push(i);
  }
  if (keep[keep.length - 1] !== count - 1) keep.push(count - 1);
  return keep;
}

/** Downsamples one trace with min/max bucketing (see {@link minMaxIndices}). */
export function downsampleMinMax(points: Points, maxPoints = DEFAULT_MAX_POINTS): Points {
  if (points.timesMs.length !== points.values.length) {
    throw new Error(
      `times and values differ in length (${points.timesMs.length} vs ${points.values.length})`,
    );
  }
  const keep = minMaxIndices(points.values.length, (i) => points.values[i] ?? null, maxPoints);
  return {
    timesMs: keep.map((i) => points.timesMs[i]!),
    values: keep.map((i) => points.values[i] ?? null),
  };
}
