/** 0100-01-01T00:00:00Z: PostgreSQL refuses year 0, and PGlite reads years below 100 back as 19xx/20xx. */
const EARLIEST_MS = Date.parse('0100-01-01T00:00:00.000Z');
/** The last millisecond of year 9999, the latest time an RFC 3339 timestamp can name. */
const LATEST_MS = Date.parse('9999-12-31T23:59:59.999Z');

/**
 * True when `ms` is a time both drivers store and read back exactly as given. A station's
 * timestamp outside this range (a schema-valid `0000-01-01T00:00:00Z` from a charger without a set
 * clock, say) must not be written as it is: PostgreSQL would refuse it, and a refused row would
 * hold up every row batched with it.
 */
export function isStorableTimeMs(ms: number): boolean {
  return Number.isFinite(ms) && ms >= EARLIEST_MS && ms <= LATEST_MS;
}
