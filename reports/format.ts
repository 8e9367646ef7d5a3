import { DateTime } from 'luxon';
import type { MoneyAmount } from './run-report.js';

/** A number for people: integers as they are, others with 1 to 3 decimals by size. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value)) return String(value);
  const abs = Math.abs(value);
  return value.toFixed(abs >= 100 ? 1 : abs >= 1 ? 2 : 3);
}

/** Epoch ms as UTC ISO-8601 (with milliseconds, like frames carry). */
export function isoUtc(timeMs: number): string {
  return new Date(timeMs).toISOString();
}

/** Epoch ms as `yyyy-MM-dd HH:mm:ss` in `timeZone` (UTC when absent). */
export function formatSiteTime(timeMs: number, timeZone?: string): string {
  return DateTime.fromMillis(timeMs, { zone: timeZone ?? 'UTC' }).toFormat('yyyy-LL-dd HH:mm:ss');
}

/** A duration as `1h 02m 03s`, `2m 03s`, `4.250 s` or `12 ms`. */
export function formatDuration(durationMs: number): string {
  if (durationMs < 1000) return `${Math.round(durationMs)} ms`;
  if (durationMs < 60_000) return `${(durationMs / 1000).toFixed(3)} s`;
  const totalS = Math.round(durationMs / 1000);
  const h = Math.floor(totalS / 3600);
  const m = Math.floor((totalS % 3600) / 60);
  const s = totalS % 60;
  const mmss = `${String(m).padStart(2, '0')}m ${String(s).padStart(2, '0')}s`;
  return h > 0 ? `${h}h ${mmss}` : `${m}m ${String(s).padStart(2, '0')}s`;
}

/** Number of decimals a currency's minor unit has (2 for INR and EUR, 0 for JPY). */
export function currencyDigits(currency: string): number {
  try {
    return (
      new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ??
      2
    );
  } catch {
    return 2;
  }
}

/** Money as `85.00 INR`, from integer minor units (no floating point on the way). */
export function formatMoney(amount: MoneyAmount): string {
  const digits = currencyDigits(amount.currency);
  const sign = amount.minorUnits < 0 ? '-' : '';
  const abs = String(Math.abs(amount.minorUnits)).padStart(digits + 1, '0');
  const whole = digits === 0 ? abs : abs.slice(0, -digits);
  const fraction = digits === 0 ? '' : `.${abs.slice(-digits)}`;
  return `${sign}${whole}${fraction} ${amount.currency}`;
}

/** Energy as kWh with 3 decimals. */
export function formatEnergyKwh(energyWh: number): string {
  return `${(energyWh / 1000).toFixed(3)} kWh`;
}
