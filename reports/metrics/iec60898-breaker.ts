import type { HeldInterval } from './circuit-series.js';

/** Tripping characteristic of a miniature circuit breaker (IEC 60898-1). */
export type BreakerCurve = 'B' | 'C';

/** The instantaneous (magnetic) release band, in multiples of In. */
export const MAGNETIC_BAND: Readonly<Record<BreakerCurve, { readonly low: number; readonly high: number }>> =
  {
    B: { low: 3, high: 5 },
    C: { low: 5, high: 10 },
  };

/**
 * Thermal release model. A first-order heating model: the normalised temperature rise θ follows
 * dθ/dt = ((I / (K·In))² − θ) / τ from cold (θ = 0) and the breaker trips when θ reaches 1.
 * With K = 1.30 and τ = 120 s for In <= 32 A (240 s above) it meets the conventional points of
 * IEC 60898-1: 1.13 In never trips (θ settles at 0.76), 1.45 In trips after 195 s (< 1 h;
 * 391 s above 32 A), 2.55 In after 36 s (within 1-60 s; 72 s, within 1-120 s, above 32 A).
 */
export const THERMAL_MODEL = { tripMultiple: 1.3, tauSmallS: 120, tauLargeS: 240, smallMaxA: 32 } as const;

/** The verdict for one breaker on one phase. */
export interface TripVerdict {
  readonly curve: BreakerCurve;
  /** `trips`: certain; `may-trip`: inside the magnetic tolerance band (above its low end, below its high end); `holds`: never trips. */
  readonly verdict: 'trips' | 'may-trip' | 'holds';
  /** What trips it first, when it does. */
  readonly mechanism?: 'thermal' | 'magnetic';
  /** When it trips (or may trip), epoch ms. */
  readonly atMs?: number;
  /** Highest thermal load θ reached (1 = trip). */
  readonly peakThermalLoad: number;
}

/** Time constant of the thermal model for rated current `ratedA`, seconds. */
export function thermalTauS(ratedA: number): number {
  return ratedA <= THERMAL_MODEL.smallMaxA ? THERMAL_MODEL.tauSmallS : THERMAL_MODEL.tauLargeS;
}

/**
 * Seconds until a cold breaker of rated current `ratedA` trips thermally at a constant
 * `currentA`, or Infinity when it never does.
 */
export function thermalTripTimeS(currentA: number, ratedA: number): number {
  const r2 = (currentA / (THERMAL_MODEL.tripMultiple * ratedA)) ** 2;
  if (r2 <= 1) return Infinity;
  return -thermalTauS(ratedA) * Math.log(1 - 1 / r2);
}

/**
 * Runs the breaker model over a held current profile and says whether, when and how a type B or
 * C breaker of rated current `ratedA` would trip.
 */
export function breakerVerdict(
  intervals: readonly HeldInterval[],
  ratedA: number,
  curve: BreakerCurve,
): TripVerdict {
  const tau = thermalTauS(ratedA);
  const band = MAGNETIC_BAND[curve];
  const ref = THERMAL_MODEL.tripMultiple * ratedA;
  let theta = 0;
  let peak = 0;
  let mayTripAt: number | undefined;
  for (const iv of intervals) {
    const multiple = Math.abs(iv.currentA) / ratedA;
    if (multiple >= band.high) {
      return { curve, verdict: 'trips', mechanism: 'magnetic', atMs: iv.startMs, peakThermalLoad: peak };
    }
    if (multiple > band.low && mayTripAt === undefined) mayTripAt = iv.startMs;
    const target = (iv.currentA / ref) ** 2;
    const dtS = iv.durationMs / 1000;
    if (target > 1 && theta < 1) {
      const toTripS = tau * Math.log((target - theta) / (target - 1));
      if (toTripS <= dtS) {
        return {
          curve,
          verdict: 'trips',
          mechanism: 'thermal',
          atMs: iv.startMs + Math.round(toTripS * 1000),
          peakThermalLoad: 1,
        };
      }
    }
    theta = target + (theta - target) * Math.exp(-dtS / tau);
    peak = Math.max(peak, theta);
  }
  if (mayTripAt !== undefined) {
    return { curve, verdict: 'may-trip', mechanism: 'magnetic', atMs: mayTripAt, peakThermalLoad: peak };
  }
  return { curve, verdict: 'holds', peakThermalLoad: peak };
}
