import type { CurrencyCode } from './money.js';
import { roundHalfUp } from './money.js';
import type { Tariff } from './tariff.js';
import { priceSegments } from './tariff.js';

/** One reading of the energy register (Energy.Active.Import.Register), in Wh. */
export interface MeterPoint {
  readonly atMs: number;
  readonly energyWh: number;
}

/** What is known about a finished session for pricing. */
export interface SessionUsage {
  readonly startedAtMs: number;
  readonly stoppedAtMs: number;
  /** Register value at start (any value: meters rarely start at 0). */
  readonly meterStartWh: number;
  /** Register value at stop. */
  readonly meterStopWh: number;
  /** Register readings taken during the session, in any order. */
  readonly samples?: readonly MeterPoint[];
}

/** Energy and price of one period of a priced session. */
export interface PriceLine {
  /** Tariff period name, or `base`. */
  readonly period: string;
  readonly pricePerKwhMinor: number;
  /** Energy attributed to this period, Wh (fractional where a reading interval was split). */
  readonly energyWh: number;
}

/** The price of a session. */
export interface PricedSession {
  readonly tariffId: string;
  readonly currency: CurrencyCode;
  /** meterStop - meterStart, Wh. */
  readonly energyWh: number;
  readonly sessionFeeMinor: number;
  /** Energy charge plus session fee, rounded half-up once to a whole minor unit. */
  readonly amountMinor: number;
  readonly lines: readonly PriceLine[];
}

/** Raised when readings cannot be priced (the register went backwards); the session needs review. */
export class PricingError extends Error {
  override readonly name = 'PricingError';
}

/** An exact non-negative fraction of bigints. */
interface Fraction {
  n: bigint;
  d: bigint;
}

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x === 0n ? 1n : x;
}

function add(a: Fraction, n: bigint, d: bigint): Fraction {
  const num = a.n * d + n * a.d;
  const den = a.d * d;
  const g = gcd(num, den);
  return { n: num / g, d: den / g };
}

/**
 * The meter curve used to attribute energy to time: the start reading, the samples that fall
 * strictly inside the session (in time order), then the stop reading. Between two points energy
 * is taken to flow at a constant rate, so a reading interval that crosses a tariff boundary is
 * split in proportion to the time on each side. Without samples the whole session is one
 * interval. A register that goes down anywhere (a reset, a swapped meter) cannot be priced
 * safely and raises {@link PricingError}: such a session goes to manual review.
 */
export function meterCurve(usage: SessionUsage): MeterPoint[] {
  const { startedAtMs, stoppedAtMs, meterStartWh, meterStopWh } = usage;
  const inside = (usage.samples ?? [])
    .filter((s) => s.atMs > startedAtMs && s.atMs < stoppedAtMs && Number.isFinite(s.energyWh))
    .sort((a, b) => a.atMs - b.atMs);
  const points: MeterPoint[] = [
    { atMs: startedAtMs, energyWh: meterStartWh },
    ...inside,
    { atMs: Math.max(stoppedAtMs, startedAtMs), energyWh: meterStopWh },
  ];
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1]!;
    const b = points[i]!;
    if (b.energyWh < a.energyWh) {
      throw new PricingError(
        `the energy register went backwards from ${a.energyWh} Wh at ${new Date(a.atMs).toISOString()} ` +
          `to ${b.energyWh} Wh at ${new Date(b.atMs).toISOString()} (a reset or a swapped meter)`,
      );
    }
  }
  return points;
}

/**
 * Prices a session under a tariff: energy = meterStop - meterStart; each kWh costs the price of
 * the period in which it flowed (see {@link meterCurve}); the session fee is added; the total is
 * computed exactly and rounded half-up to a whole minor unit once, at the end.
 */
export function priceSession(tariff: Tariff, usage: SessionUsage): PricedSession {
  const energyWh = usage.meterStopWh - usage.meterStartWh;
  if (!Number.isSafeInteger(usage.meterStartWh) || !Number.isInteger(usage.meterStopWh)) {
    throw new PricingError(
      `meter readings must be whole Wh, got start ${usage.meterStartWh} and stop ${usage.meterStopWh}`,
    );
  }
  if (energyWh < 0) {
    throw new PricingError(
      `meterStop ${usage.meterStopWh} Wh is below meterStart ${usage.meterStartWh} Wh: the register went backwards`,
    );
  }
  const points = meterCurve(usage);
  // Exact cost in (Wh x minor/kWh) units, i.e. thousandths of a minor unit.
  let cost: Fraction = { n: 0n, d: 1n };
  const lineEnergy = new Map<string, { price: number; energy: Fraction }>();
  const attribute = (period: string, price: number, n: bigint, d: bigint): void => {
    cost = add(cost, n * BigInt(price), d);
    const key = `${period}\u0000${price}`;
    const line = lineEnergy.get(key) ?? { price, energy: { n: 0n, d: 1n } };
    line.energy = add(line.energy, n, d);
    lineEnergy.set(key, line);
  };
  // Price segments of the whole session, computed once; the reading intervals walk along them.
  const first = points[0]!.atMs;
  const last = points[points.length - 1]!.atMs;
  const segments = priceSegments(tariff, first, last + 1);
  let j = 0;
  for (let i = 0; i + 1 < points.length; i++) {
    const a = points[i]!;
    const b = points[i + 1]!;
    const delta = BigInt(b.energyWh - a.energyWh);
    while (j + 1 < segments.length && segments[j]!.toMs <= a.atMs) j++;
    if (delta === 0n) continue;
    const duration = b.atMs - a.atMs;
    if (duration <= 0) {
      attribute(segments[j]!.period, segments[j]!.pricePerKwhMinor, delta, 1n);
      continue;
    }
    for (let k = j; k < segments.length && segments[k]!.fromMs < b.atMs; k++) {
      const seg = segments[k]!;
      const overlap = Math.min(seg.toMs, b.atMs) - Math.max(seg.fromMs, a.atMs);
      if (overlap > 0) attribute(seg.period, seg.pricePerKwhMinor, delta * BigInt(overlap), BigInt(duration));
    }
  }
  const energyMinor = roundHalfUp(cost.n + BigInt(tariff.sessionFeeMinor) * 1000n * cost.d, cost.d * 1000n);
  const lines = [...lineEnergy.entries()].map(([key, { price, energy }]) => ({
    period: key.split('\u0000')[0]!,
    pricePerKwhMinor: price,
    energyWh: Number(roundHalfUp(energy.n * 1000n, energy.d)) / 1000,
  }));
  return {
    tariffId: tariff.id,
    currency: tariff.currency,
    energyWh,
    sessionFeeMinor: tariff.sessionFeeMinor,
    amountMinor: Number(energyMinor),
    lines,
  };
}
