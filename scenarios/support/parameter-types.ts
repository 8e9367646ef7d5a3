import type { OcppVersion } from '../../common/ocpp-version.js';
import type { Phase } from '../../common/units.js';

/** A time of day in site time, `HH:mm`. */
export interface TimeOfDay {
  readonly hour: number;
  readonly minute: number;
  /** Minutes after local midnight. */
  readonly minutes: number;
  /** As written, normalised to `HH:mm`. */
  readonly text: string;
}

/** An amount of money: integer minor units and an ISO 4217 currency. */
export interface MoneyValue {
  readonly minorUnits: number;
  readonly currency: string;
}

/** A step parameter type: the `{name}` in a phrase, what it matches and what it becomes. */
export interface ParameterTypeSpec<T> {
  readonly name: string;
  readonly regexp: RegExp;
  /** Examples of text it accepts (the first one is shown in the step list). */
  readonly examples: readonly string[];
  /** What the value means, for the step list. */
  readonly doc: string;
  readonly parse: (text: string) => T;
}

/** Step text a parameter type refuses, saying what to write instead. */
export class ParameterError extends Error {
  override readonly name = 'ParameterError';
}

const NUM = String.raw`\d+(?:\.\d+)?`;

function numberOf(text: string): number {
  const m = /^(\d+(?:\.\d+)?)/.exec(text.trim());
  if (m === null) throw new ParameterError(`"${text}" does not start with a number`);
  return Number(m[1]);
}

function unitOf(text: string): string {
  return text
    .trim()
    .replace(/^\d+(?:\.\d+)?\s*/, '')
    .toLowerCase();
}

const DURATION_UNITS: Readonly<Record<string, number>> = {
  ms: 1,
  s: 1000,
  sec: 1000,
  second: 1000,
  seconds: 1000,
  min: 60_000,
  minute: 60_000,
  minutes: 60_000,
  h: 3_600_000,
  hour: 3_600_000,
  hours: 3_600_000,
  d: 86_400_000,
  day: 86_400_000,
  days: 86_400_000,
};

/** Parses `2h`, `90 s`, `15 min`, `1 day` into milliseconds. */
export function parseDuration(text: string): number {
  const unit = unitOf(text);
  const factor = DURATION_UNITS[unit];
  if (factor === undefined) {
    throw new ParameterError(
      `duration "${text}": unknown unit "${unit}"; write a number and one of ms, s, min, h, d (e.g. 2h or 90 s)`,
    );
  }
  return Math.round(numberOf(text) * factor);
}

/** Parses `18:00` or `7:30` (24-hour site time). */
export function parseTimeOfDay(text: string): TimeOfDay {
  const m = /^(\d{1,2}):(\d{2})$/.exec(text.trim());
  const hour = Number(m?.[1]);
  const minute = Number(m?.[2]);
  if (m === null || hour > 23 || minute > 59) {
    throw new ParameterError(`time "${text}": write a 24-hour time HH:mm from 00:00 to 23:59, e.g. 18:00`);
  }
  const text2 = `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
  return { hour, minute, minutes: hour * 60 + minute, text: text2 };
}

/** Parses `7.4 kW`, `500 W`, `1.2 MW` into watts. */
export function parsePower(text: string): number {
  const unit = unitOf(text);
  const factor = { w: 1, kw: 1000, mw: 1_000_000 }[unit];
  if (factor === undefined) {
    throw new ParameterError(`power "${text}": write a number and W, kW or MW, e.g. 7.4 kW`);
  }
  return Math.round(numberOf(text) * factor * 1000) / 1000;
}

/** Parses `20 kWh` or `500 Wh` into watt-hours. */
export function parseEnergy(text: string): number {
  const unit = unitOf(text);
  const factor = { wh: 1, kwh: 1000, mwh: 1_000_000 }[unit];
  if (factor === undefined) {
    throw new ParameterError(`energy "${text}": write a number and Wh or kWh, e.g. 20 kWh`);
  }
  return Math.round(numberOf(text) * factor * 1000) / 1000;
}

/** Parses `32 A` or `16A` into amperes. */
export function parseCurrent(text: string): number {
  if (unitOf(text) !== 'a') throw new ParameterError(`current "${text}": write a number and A, e.g. 32 A`);
  return numberOf(text);
}

/** Minor-unit digits of the currencies the harness knows (ISO 4217); 2 for any other. */
const MINOR_DIGITS: Readonly<Record<string, number>> = { JPY: 0, KRW: 0, BHD: 3, KWD: 3, OMR: 3 };

/** Parses `85.00 INR` or `12 EUR` into integer minor units, exactly (no floating point). */
export function parseMoney(text: string): MoneyValue {
  const m = /^(\d+)(?:\.(\d+))?\s+([A-Z]{3})$/.exec(text.trim());
  if (m === null) {
    throw new ParameterError(`money "${text}": write an amount and an ISO currency code, e.g. 85.00 INR`);
  }
  const currency = m[3]!;
  const digits = MINOR_DIGITS[currency] ?? 2;
  const fraction = m[2] ?? '';
  if (fraction.length > digits) {
    throw new ParameterError(
      `money "${text}": ${currency} has ${digits} decimal places, not ${fraction.length}`,
    );
  }
  const minorUnits = Number(m[1]) * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0');
  if (!Number.isSafeInteger(minorUnits)) throw new ParameterError(`money "${text}" is too large`);
  return { minorUnits, currency };
}

/** Formats minor units back as text, e.g. `8500 INR` -> `85.00 INR`. */
export function formatMoneyValue(m: MoneyValue): string {
  const digits = MINOR_DIGITS[m.currency] ?? 2;
  const sign = m.minorUnits < 0 ? '-' : '';
  const abs = Math.abs(m.minorUnits);
  if (digits === 0) return `${sign}${abs} ${m.currency}`;
  const whole = Math.floor(abs / 10 ** digits);
  const frac = String(abs % 10 ** digits).padStart(digits, '0');
  return `${sign}${whole}.${frac} ${m.currency}`;
}

/** Parses `1.6` or `2.0.1`. */
export function parseVersion(text: string): OcppVersion {
  const t = text.trim();
  if (t === '1.6' || t === '2.0.1') return t;
  throw new ParameterError(`OCPP version "${text}": write 1.6 or 2.0.1`);
}

/** Parses `L1`, `L2` or `L3`. */
export function parsePhase(text: string): Phase {
  const t = text.trim().toUpperCase();
  if (t === 'L1' || t === 'L2' || t === 'L3') return t;
  throw new ParameterError(`phase "${text}": write L1, L2 or L3`);
}

/** Parses `on` or `off`. */
export function parseSwitch(text: string): boolean {
  const t = text.trim().toLowerCase();
  if (t === 'on') return true;
  if (t === 'off') return false;
  throw new ParameterError(`"${text}": write on or off`);
}

/** The custom parameter types of the step library, by name. */
export const PARAMETER_TYPES = {
  duration: {
    name: 'duration',
    regexp: new RegExp(`${NUM}\\s*(?:ms|seconds?|sec|s|minutes?|min|hours?|h|days?|d)\\b`),
    examples: ['2h', '90 s', '15 min', '1 day'],
    doc: 'a span of time: a number and ms, s, min, h or d',
    parse: parseDuration,
  },
  time: {
    name: 'time',
    regexp: /\d{1,2}:\d{2}/,
    examples: ['18:00', '07:30'],
    doc: 'a 24-hour time of day in site time',
    parse: parseTimeOfDay,
  },
  power: {
    name: 'power',
    regexp: new RegExp(`${NUM}\\s*(?:MW|kW|W)(?!h)`),
    examples: ['7.4 kW', '500 W'],
    doc: 'a power: a number and W, kW or MW',
    parse: parsePower,
  },
  energy: {
    name: 'energy',
    regexp: new RegExp(`${NUM}\\s*(?:MWh|kWh|Wh)`),
    examples: ['20 kWh', '500 Wh'],
    doc: 'an energy: a number and Wh or kWh',
    parse: parseEnergy,
  },
  current: {
    name: 'current',
    regexp: new RegExp(`${NUM}\\s*A\\b`),
    examples: ['32 A', '16A'],
    doc: 'a current per phase: a number and A',
    parse: parseCurrent,
  },
  money: {
    name: 'money',
    regexp: /\d+(?:\.\d+)?\s+[A-Z]{3}/,
    examples: ['85.00 INR', '12.50 EUR'],
    doc: 'an amount of money: a decimal amount and an ISO 4217 currency code',
    parse: parseMoney,
  },
  version: {
    name: 'version',
    regexp: /2\.0\.1|1\.6/,
    examples: ['1.6', '2.0.1'],
    doc: 'an OCPP version: 1.6 or 2.0.1',
    parse: parseVersion,
  },
  phase: {
    name: 'phase',
    regexp: /L[123]/,
    examples: ['L1', 'L2', 'L3'],
    doc: 'a supply phase: L1, L2 or L3',
    parse: parsePhase,
  },
  switch: {
    name: 'switch',
    regexp: /on|off/,
    examples: ['on', 'off'],
    doc: 'on or off',
    parse: parseSwitch,
  },
} as const satisfies Record<string, ParameterTypeSpec<unknown>>;

/** Examples of cucumber's own parameter types, for the step list. */
export const BUILT_IN_EXAMPLES: Readonly<Record<string, string>> = {
  int: '3',
  float: '0.9',
  string: '"CP1"',
  word: 'equal-share',
};
