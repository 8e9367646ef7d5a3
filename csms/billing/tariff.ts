import { DateTime, IANAZone } from 'luxon';
import type { CurrencyCode } from './money.js';
import { MoneyError, currencyCode, minorDigits, parseDecimal } from './money.js';

/**
 * A time-of-use period: from `startLocal` (inclusive) to `endLocal` (exclusive), wall time in the
 * tariff's time zone. A window whose end is not after its start wraps midnight (22:00-06:00).
 */
export interface TouPeriod {
  /** Shown on price lines and in exports, e.g. `peak`. */
  readonly name: string;
  /** `HH:mm`, local wall time. */
  readonly startLocal: string;
  /** `HH:mm`, local wall time; `00:00` or a time before `startLocal` means "until the next day". */
  readonly endLocal: string;
  /** Price per kWh in minor units (1250 = 12.50 per kWh). */
  readonly pricePerKwhMinor: number;
  /** ISO weekdays (1 = Monday .. 7 = Sunday) of the day the window starts on; all days if absent. */
  readonly daysOfWeek?: readonly number[];
}

/** A per-kWh tariff for one charger, or the global fallback when `stationId` is null. */
export interface Tariff {
  readonly id: string;
  /** The charger it applies to; null for the global fallback. */
  readonly stationId: string | null;
  readonly currency: CurrencyCode;
  /** Base price per kWh in minor units, used outside every time-of-use period. */
  readonly pricePerKwhMinor: number;
  /** A fixed fee per session in minor units (0 when none). */
  readonly sessionFeeMinor: number;
  /** IANA zone in which the periods are read, e.g. `Asia/Kolkata`. */
  readonly timeZone: string;
  readonly periods: readonly TouPeriod[];
  /** Applies to sessions that start at or after this instant (epoch ms). */
  readonly effectiveFromMs: number;
}

/** Raised for a tariff definition that cannot be used; the message names the field. */
export class TariffError extends Error {
  override readonly name = 'TariffError';
}

/** Tariff fields as a client sends them: prices as decimal text or numbers with 2 decimals. */
export interface TariffInput {
  stationId?: string | null;
  currency?: string;
  pricePerKwh: string | number;
  sessionFee?: string | number;
  timeZone?: string;
  periods?: readonly {
    name?: string;
    start: string;
    end: string;
    pricePerKwh: string | number;
    daysOfWeek?: number[];
  }[];
  /** ISO-8601 instant; defaults to the time the tariff is created. */
  effectiveFrom?: string;
}

/** The site time zone used when a tariff names none (the first deployments ran in India). */
export const DEFAULT_TIME_ZONE = 'Asia/Kolkata';

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;

function minutesOf(hhmm: string, field: string): number {
  const m = HHMM.exec(hhmm);
  if (m === null) throw new TariffError(`${field} must be a 24-hour time HH:mm such as 18:00, got "${hhmm}"`);
  return Number(m[1]) * 60 + Number(m[2]);
}

/**
 * Checks a tariff input and turns it into a {@link Tariff}: prices with at most 2 decimal places,
 * a known IANA zone, well-formed periods that do not overlap.
 * @param id the id the tariff will carry
 * @param nowMs default `effectiveFrom`
 */
export function tariffFromInput(id: string, input: TariffInput, nowMs: number): Tariff {
  const currency = wrap(() => currencyCode(input.currency ?? 'INR'));
  const digits = minorDigits(currency);
  const price = (v: string | number | undefined, field: string): number => {
    if (v === undefined) throw new TariffError(`${field} is required: give a price per kWh such as "12.50"`);
    const units = wrap(() => parseDecimal(v, digits, field));
    if (units < 0) throw new TariffError(`${field} must not be negative, got "${String(v)}"`);
    return units;
  };
  const timeZone = input.timeZone ?? DEFAULT_TIME_ZONE;
  if (!IANAZone.isValidZone(timeZone)) {
    throw new TariffError(`timeZone must be an IANA zone such as Asia/Kolkata, got "${timeZone}"`);
  }
  let effectiveFromMs = nowMs;
  if (input.effectiveFrom !== undefined) {
    const t = DateTime.fromISO(input.effectiveFrom, { setZone: true });
    if (!t.isValid) {
      throw new TariffError(
        `effectiveFrom must be an ISO-8601 instant such as 2025-01-01T00:00:00Z, got "${input.effectiveFrom}"`,
      );
    }
    effectiveFromMs = t.toMillis();
  }
  const periods = (input.periods ?? []).map((p, i): TouPeriod => {
    const days = p.daysOfWeek;
    if (
      days !== undefined &&
      (days.length === 0 || days.some((d) => !Number.isInteger(d) || d < 1 || d > 7))
    ) {
      throw new TariffError(`periods[${i}].daysOfWeek must list ISO weekdays 1 (Monday) to 7 (Sunday)`);
    }
    const period: TouPeriod = {
      name: p.name ?? `period-${i + 1}`,
      startLocal: p.start,
      endLocal: p.end,
      pricePerKwhMinor: price(p.pricePerKwh, `periods[${i}].pricePerKwh`),
      ...(days === undefined ? {} : { daysOfWeek: [...days].sort((a, b) => a - b) }),
    };
    minutesOf(p.start, `periods[${i}].start`);
    minutesOf(p.end, `periods[${i}].end`);
    if (p.start === p.end) throw new TariffError(`periods[${i}] is empty: start and end are both ${p.start}`);
    return period;
  });
  const stationId = input.stationId ?? null;
  if (stationId !== null && (typeof stationId !== 'string' || stationId.trim() === '')) {
    throw new TariffError('stationId must be a charger id, or null/absent for the global fallback');
  }
  const sessionFeeMinor = input.sessionFee === undefined ? 0 : price(input.sessionFee, 'sessionFee');
  const tariff: Tariff = {
    id,
    stationId,
    currency,
    pricePerKwhMinor: price(input.pricePerKwh, 'pricePerKwh'),
    sessionFeeMinor,
    timeZone,
    periods,
    effectiveFromMs,
  };
  checkNoOverlap(tariff);
  return tariff;
}

function wrap<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof MoneyError) throw new TariffError(e.message);
    throw e;
  }
}

/** Rejects periods that overlap on some day (one minute of the week may belong to one period only). */
function checkNoOverlap(tariff: Tariff): void {
  const owner = new Map<number, string>();
  tariff.periods.forEach((p) => {
    const s = minutesOf(p.startLocal, 'start');
    const e = minutesOf(p.endLocal, 'end');
    const length = e > s ? e - s : e + 1440 - s;
    for (const day of p.daysOfWeek ?? [1, 2, 3, 4, 5, 6, 7]) {
      for (let m = 0; m < length; m += 1) {
        const minuteOfWeek = ((day - 1) * 1440 + s + m) % (7 * 1440);
        const other = owner.get(minuteOfWeek);
        if (other !== undefined) {
          throw new TariffError(
            `periods "${other}" and "${p.name}" overlap: give each local time one period`,
          );
        }
        owner.set(minuteOfWeek, p.name);
      }
    }
  });
}

/**
 * The tariff that applies to a session: among tariffs effective at its start, the newest one for
 * the charger, else the newest global one. A tariff change therefore only affects sessions that
 * start after it. Ties on `effectiveFromMs` go to the later tariff in the list.
 */
export function applicableTariff(
  tariffs: readonly Tariff[],
  stationId: string,
  sessionStartMs: number,
): Tariff | undefined {
  let station: Tariff | undefined;
  let global: Tariff | undefined;
  for (const t of tariffs) {
    if (t.effectiveFromMs > sessionStartMs) continue;
    if (t.stationId === stationId) {
      if (station === undefined || t.effectiveFromMs >= station.effectiveFromMs) station = t;
    } else if (t.stationId === null) {
      if (global === undefined || t.effectiveFromMs >= global.effectiveFromMs) global = t;
    }
  }
  return station ?? global;
}

/** A stretch of time with one price. */
export interface PriceSegment {
  readonly fromMs: number;
  readonly toMs: number;
  /** Period name, or `base` outside every period. */
  readonly period: string;
  readonly pricePerKwhMinor: number;
}

/** The period in force at `atMs`, read in the tariff's zone, or undefined for the base price. */
export function periodAt(tariff: Tariff, atMs: number): TouPeriod | undefined {
  const local = DateTime.fromMillis(atMs, { zone: tariff.timeZone });
  const minute = local.hour * 60 + local.minute + local.second / 60 + local.millisecond / 60_000;
  const weekday = local.weekday;
  const yesterday = weekday === 1 ? 7 : weekday - 1;
  for (const p of tariff.periods) {
    const s = minutesOf(p.startLocal, 'start');
    const e = minutesOf(p.endLocal, 'end');
    const onDay = (d: number): boolean => p.daysOfWeek === undefined || p.daysOfWeek.includes(d);
    if (e > s) {
      if (minute >= s && minute < e && onDay(weekday)) return p;
    } else if ((minute >= s && onDay(weekday)) || (minute < e && onDay(yesterday))) {
      return p;
    }
  }
  return undefined;
}

/**
 * Splits `[fromMs, toMs)` at every period boundary (local wall times turned into instants in the
 * tariff's zone, so a DST change moves them correctly) into segments of constant price.
 */
export function priceSegments(tariff: Tariff, fromMs: number, toMs: number): PriceSegment[] {
  if (toMs <= fromMs) return [];
  const cuts = new Set<number>();
  if (tariff.periods.length > 0) {
    const first = DateTime.fromMillis(fromMs, { zone: tariff.timeZone }).startOf('day').minus({ days: 1 });
    const last = DateTime.fromMillis(toMs, { zone: tariff.timeZone }).startOf('day');
    for (let day = first; day <= last; day = day.plus({ days: 1 })) {
      for (const p of tariff.periods) {
        for (const hhmm of [p.startLocal, p.endLocal]) {
          const m = minutesOf(hhmm, 'time');
          const at = day.set({ hour: Math.floor(m / 60), minute: m % 60 }).toMillis();
          if (at > fromMs && at < toMs) cuts.add(at);
        }
      }
    }
  }
  const bounds = [fromMs, ...[...cuts].sort((a, b) => a - b), toMs];
  const segments: PriceSegment[] = [];
  for (let i = 0; i + 1 < bounds.length; i++) {
    const period = periodAt(tariff, bounds[i]!);
    const seg: PriceSegment = {
      fromMs: bounds[i]!,
      toMs: bounds[i + 1]!,
      period: period?.name ?? 'base',
      pricePerKwhMinor: period?.pricePerKwhMinor ?? tariff.pricePerKwhMinor,
    };
    const prev = segments[segments.length - 1];
    if (prev !== undefined && prev.period === seg.period && prev.pricePerKwhMinor === seg.pricePerKwhMinor) {
      segments[segments.length - 1] = { ...prev, toMs: seg.toMs };
    } else {
      segments.push(seg);
    }
  }
  return segments;
}
