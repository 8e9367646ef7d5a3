/**
 * Money as an integer count of minor units (paise, cents) plus an ISO 4217 currency code.
 * Never a float: amounts are parsed from decimal text, computed exactly and rounded half-up once.
 */

/** An ISO 4217 alphabetic currency code, e.g. `INR`. */
export type CurrencyCode = string;

/** The currency a wallet gets when none is given. */
export const DEFAULT_CURRENCY: CurrencyCode = 'INR';

/** An amount of money: integer minor units and a currency. */
export interface Money {
  /** Integer count of minor units (paise for INR); negative for a debit or a negative balance. */
  readonly amountMinor: number;
  /** ISO 4217 code. */
  readonly currency: CurrencyCode;
}

/** Raised when an amount or currency is malformed; the message says what to change. */
export class MoneyError extends Error {
  override readonly name = 'MoneyError';
}

/** Currencies whose minor unit is not 1/100 of the major unit. */
const MINOR_DIGITS: Readonly<Record<string, number>> = {
  JPY: 0,
  KRW: 0,
  VND: 0,
  CLP: 0,
  ISK: 0,
  BHD: 3,
  KWD: 3,
  OMR: 3,
  JOD: 3,
  TND: 3,
};

/** Checks and normalises a currency code (three letters, upper-cased). */
export function currencyCode(text: string, field = 'currency'): CurrencyCode {
  const code = text.trim().toUpperCase();
  if (!/^[A-Z]{3}$/.test(code)) {
    throw new MoneyError(`${field} must be a three-letter ISO 4217 code such as INR or EUR, got "${text}"`);
  }
  return code;
}

/** Number of decimal digits of the currency's minor unit (2 for INR and most others). */
export function minorDigits(currency: CurrencyCode): number {
  return MINOR_DIGITS[currency] ?? 2;
}

/** Builds a {@link Money}, checking that the amount is a safe integer. */
export function money(amountMinor: number, currency: CurrencyCode = DEFAULT_CURRENCY): Money {
  if (!Number.isSafeInteger(amountMinor)) {
    throw new MoneyError(`amount must be a whole number of minor units, got ${amountMinor}`);
  }
  return { amountMinor, currency: currencyCode(currency) };
}

/** Adds two amounts of the same currency. */
export function addMoney(a: Money, b: Money): Money {
  sameCurrency(a, b);
  return money(a.amountMinor + b.amountMinor, a.currency);
}

/** Subtracts `b` from `a` (same currency). */
export function subtractMoney(a: Money, b: Money): Money {
  sameCurrency(a, b);
  return money(a.amountMinor - b.amountMinor, a.currency);
}

function sameCurrency(a: Money, b: Money): void {
  if (a.currency !== b.currency) {
    throw new MoneyError(`cannot combine ${a.currency} with ${b.currency}: convert to one currency first`);
  }
}

/** Formats minor units as a plain decimal string, e.g. 8500 INR -> `85.00`. */
export function formatDecimal(amountMinor: number, digits: number): string {
  const negative = amountMinor < 0;
  const abs = String(Math.abs(amountMinor)).padStart(digits + 1, '0');
  const whole = digits === 0 ? abs : abs.slice(0, abs.length - digits);
  const frac = digits === 0 ? '' : `.${abs.slice(abs.length - digits)}`;
  return `${negative ? '-' : ''}${whole}${frac}`;
}

/** Formats money as `85.00 INR`. */
export function formatMoney(m: Money): string {
  return `${formatDecimal(m.amountMinor, minorDigits(m.currency))} ${m.currency}`;
}

/**
 * Parses a decimal amount with at most `digits` decimal places into integer units, exactly
 * (`"12.5"`, 2 -> 1250). Accepts a number too, read through its shortest decimal text.
 * @param field named in the error message
 */
export function parseDecimal(value: string | number, digits: number, field = 'amount'): number {
  const text = typeof value === 'number' ? numberText(value, field) : value.trim();
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (match === null) {
    throw new MoneyError(`${field} must be a decimal number like 85.00, got "${String(value)}"`);
  }
  const [, sign, whole, frac = ''] = match;
  if (frac.length > digits) {
    throw new MoneyError(
      `${field} has ${frac.length} decimal places; use at most ${digits} (e.g. ${formatDecimal(1234, digits)}), got "${text}"`,
    );
  }
  const units = Number(whole) * 10 ** digits + Number(frac.padEnd(digits, '0') || '0');
  if (!Number.isSafeInteger(units)) throw new MoneyError(`${field} is too large: "${text}"`);
  return sign === '-' ? -units : units;
}

function numberText(value: number, field: string): string {
  if (!Number.isFinite(value)) throw new MoneyError(`${field} must be a finite number, got ${value}`);
  // Shortest round-trip text; exponent forms only appear for very large or tiny numbers.
  const text = String(value);
  if (/e/i.test(text)) throw new MoneyError(`${field} is out of range: ${text}`);
  return text;
}

/**
 * Parses `"85.00 INR"`, `"85 INR"` or a bare `"85.00"` (then `defaultCurrency` applies).
 * At most as many decimals as the currency's minor unit.
 */
export function parseMoney(text: string, defaultCurrency: CurrencyCode = DEFAULT_CURRENCY): Money {
  const parts = text.trim().split(/\s+/);
  if (parts.length === 0 || parts.length > 2 || parts[0] === '') {
    throw new MoneyError(`money must look like "85.00 INR", got "${text}"`);
  }
  const currency = currencyCode(parts[1] ?? defaultCurrency);
  return money(parseDecimal(parts[0]!, minorDigits(currency), 'amount'), currency);
}

/**
 * Divides `numerator / denominator` (exact integers) and rounds half away from zero, i.e. half-up
 * on the magnitude: 499.5 -> 500, -499.5 -> -500. The one rounding step for computed prices.
 */
export function roundHalfUp(numerator: bigint, denominator: bigint): bigint {
  if (denominator === 0n) throw new MoneyError('cannot divide by zero');
  if (denominator < 0n) return roundHalfUp(-numerator, -denominator);
  const negative = numerator < 0n;
  const n = negative ? -numerator : numerator;
  const q = (2n * n + denominator) / (2n * denominator);
  return negative ? -q : q;
}

/**
 * An amount in major units as a JSON number (2.0.1 `totalCost`), e.g. 8550 INR -> 85.5. Only for
 * the wire: the decimal text is exact and the number is its nearest double.
 */
export function majorUnits(amountMinor: number, currency: CurrencyCode): number {
  return Number(formatDecimal(amountMinor, minorDigits(currency)));
}
