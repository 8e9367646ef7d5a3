import addFormatsModule from 'ajv-formats';
import type { FormatDefinition } from 'ajv';

/** ajv-formats' own `date-time` (full mode: RFC 3339, time zone required): the reference we must equal. */
const reference = addFormatsModule.default.get('date-time', 'full') as FormatDefinition<string>;
const referenceValidate = reference.validate as (text: string) => boolean;

/** Days per month of a common year, index 1..12. */
const DAYS = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

const ZERO = 48;

/** The value of two ASCII digits at `i`, or -1 when either is not a digit. */
function twoDigits(text: string, i: number): number {
  const a = text.charCodeAt(i) - ZERO;
  const b = text.charCodeAt(i + 1) - ZERO;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

function isLeapYear(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

/**
 * The common shape of a time stamp, `YYYY-MM-DDTHH:MM:SS[.fraction]Z` (either case of `T` and `Z`),
 * decided without a regular expression or an allocation: true when it is certainly valid, false
 * when it does not have that shape or is an edge case (leap second, seconds that round up to 60),
 * which the reference then decides.
 */
function isPlainUtcDateTime(text: string): boolean {
  const last = text.length - 1;
  if (last < 19) return false;
  const z = text.charCodeAt(last);
  if (z !== 90 && z !== 122) return false; // Z z
  const t = text.charCodeAt(10);
  if (t !== 84 && t !== 116) return false; // T t
  if (text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return false; // -
  if (text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58) return false; // :
  const century = twoDigits(text, 0);
  const yy = twoDigits(text, 2);
  const month = twoDigits(text, 5);
  const day = twoDigits(text, 8);
  const hour = twoDigits(text, 11);
  const minute = twoDigits(text, 14);
  const second = twoDigits(text, 17);
  if (century < 0 || yy < 0 || month < 1 || month > 12 || day < 1) return false;
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return false;
  if (last > 19) {
    // A fraction: '.' and one or more digits. 59.999…9 may round to 60, which the reference decides.
    if (second === 59 || text.charCodeAt(19) !== 46 || last === 20) return false;
    for (let i = 20; i < last; i++) {
      const d = text.charCodeAt(i) - ZERO;
      if (d < 0 || d > 9) return false;
    }
  }
  const year = century * 100 + yy;
  return day <= (month === 2 && isLeapYear(year) ? 29 : DAYS[month]!);
}

/**
 * RFC 3339 `date-time` with a required time zone, exactly as strict as ajv-formats' full-mode
 * check: the common UTC shape is decided here without a regular expression, anything else
 * (offsets, leap seconds, malformed text) by ajv-formats' own function.
 */
export function isRfc3339DateTime(text: string): boolean {
  return isPlainUtcDateTime(text) || referenceValidate(text);
}

/** The `date-time` format to register on ajv in place of ajv-formats' one (same comparison for limits). */
export const dateTimeFormat: FormatDefinition<string> = {
  validate: isRfc3339DateTime,
  ...(reference.compare === undefined ? {} : { compare: reference.compare }),
};
