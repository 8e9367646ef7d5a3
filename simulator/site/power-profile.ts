/** A power over time, e.g. PV output or home load. Seeded and deterministic; evaluated in the site time zone. */
export interface PowerProfile {
  /** Power at `tMs` (epoch ms), W (>= 0). */
  powerAtW(tMs: number): number;
}

/** Linear interpolation in a table of (x, y) knots sorted by x; clamps outside the table. */
export function interpolate(knots: readonly (readonly [number, number])[], x: number): number {
  const first = knots[0]!;
  if (x <= first[0]) return first[1];
  for (let i = 1; i < knots.length; i++) {
    const [x1, y1] = knots[i]!;
    if (x <= x1) {
      const [x0, y0] = knots[i - 1]!;
      return y0 + ((y1 - y0) * (x - x0)) / (x1 - x0);
    }
  }
  return knots[knots.length - 1]![1];
}

/** Clamps `v` to [min, max]. */
export function clamp(v: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, v));
}
