import type { CaseVars, FieldMatcher, FieldPattern } from './conformance-case.js';

function matcher(describe: string, test: FieldMatcher['test']): FieldMatcher {
  return { matcher: true, describe, test };
}

function isMatcher(value: unknown): value is FieldMatcher {
  return typeof value === 'object' && value !== null && (value as { matcher?: unknown }).matcher === true;
}

/** The field must be one of `values`. */
export function oneOf(...values: readonly unknown[]): FieldMatcher {
  const text = values.map((v) => JSON.stringify(v)).join(' or ');
  return matcher(text, (v) =>
    values.some((x) => deepEqual(x, v)) ? undefined : `is ${show(v)}, not ${text}`,
  );
}

/** The field must be present. */
export const present: FieldMatcher = matcher('present', (v) => (v === undefined ? 'is missing' : undefined));

/** The field must be absent. */
export const absent: FieldMatcher = matcher('absent', (v) =>
  v === undefined ? undefined : `must be absent, is ${show(v)}`,
);

/** The field must equal the captured value `name` (compared as text, so 1.6 ids of either type match). */
export function fromVar(name: string): FieldMatcher {
  return matcher(`the captured ${name}`, (v, vars) =>
    String(v) === String(vars[name])
      ? undefined
      : `is ${show(v)}, not the captured ${name} ${show(vars[name])}`,
  );
}

/** The field must be a number at least `min`. */
export function atLeast(min: number): FieldMatcher {
  return matcher(`>= ${min}`, (v) =>
    typeof v === 'number' && v >= min ? undefined : `is ${show(v)}, not >= ${min}`,
  );
}

/** The array field must have an element matching `pattern`. */
export function someItem(pattern: FieldPattern): FieldMatcher {
  return matcher(`a list with an item like ${JSON.stringify(pattern)}`, (v, vars) => {
    if (!Array.isArray(v)) return `is ${show(v)}, not a list`;
    return v.some((item) => matchFields(item, pattern, vars) === undefined)
      ? undefined
      : `has no item like ${JSON.stringify(pattern)}`;
  });
}

/** The field must be a string that `test` accepts. */
export function textThat(describe: string, test: (text: string) => boolean): FieldMatcher {
  return matcher(describe, (v) =>
    typeof v === 'string' && test(v) ? undefined : `is ${show(v)}, not ${describe}`,
  );
}

/**
 * Checks `payload` against `pattern`: literals compare deeply, matchers test, nested objects
 * recurse, fields the pattern does not name are free.
 * @returns undefined when it matches, else the first mismatch (`status is "Charging", not "Preparing"`)
 */
export function matchFields(
  payload: unknown,
  pattern: FieldPattern,
  vars: CaseVars,
  path = '',
): string | undefined {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    return `${path === '' ? 'payload' : path} is ${show(payload)}, not an object`;
  }
  const record = payload as Record<string, unknown>;
  for (const [key, expected] of Object.entries(pattern)) {
    const where = path === '' ? key : `${path}.${key}`;
    const actual = record[key];
    if (isMatcher(expected)) {
      const problem = expected.test(actual, vars);
      if (problem !== undefined) return `${where} ${problem}`;
    } else if (typeof expected === 'object' && expected !== null && !Array.isArray(expected)) {
      if (actual === undefined) return `${where} is missing`;
      const inner = matchFields(actual, expected as FieldPattern, vars, where);
      if (inner !== undefined) return inner;
    } else if (!deepEqual(expected, actual)) {
      return `${where} is ${show(actual)}, not ${JSON.stringify(expected)}`;
    }
  }
  return undefined;
}

/** The pattern in words, for the report's "expected". */
export function describePattern(pattern: FieldPattern | undefined): string {
  if (pattern === undefined) return '{}';
  return JSON.stringify(pattern, (_key, value: unknown) =>
    isMatcher(value) ? `<${value.describe}>` : value,
  );
}

/** Reads `a.b.0.c` from a payload. */
export function readPath(payload: unknown, path: string): unknown {
  let at: unknown = payload;
  for (const part of path.split('.')) {
    if (typeof at !== 'object' || at === null) return undefined;
    at = (at as Record<string, unknown>)[part];
  }
  return at;
}

/** Stores the captured request or response values in `vars`. */
export function capture(
  payload: unknown,
  spec: Readonly<Record<string, string>> | undefined,
  vars: CaseVars,
): void {
  for (const [name, path] of Object.entries(spec ?? {})) vars[name] = readPath(payload, path);
}

function deepEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function show(value: unknown): string {
  return value === undefined ? 'missing' : JSON.stringify(value);
}

/** The field must be a number at most `max`. */
export function atMost(max: number): FieldMatcher {
  return matcher(`<= ${max}`, (v) =>
    typeof v === 'number' && v <= max ? undefined : `is ${show(v)}, not <= ${max}`,
  );
}

/** A charging schedule (or none) with no period limited to `limit` or below: the profile is gone. */
export function noPeriodAtOrBelow(limit: number): FieldMatcher {
  return matcher(`no period limited to <= ${limit}`, (v) => {
    if (v === undefined) return undefined;
    const periods = (v as { chargingSchedulePeriod?: { limit?: unknown }[] }).chargingSchedulePeriod ?? [];
    const hit = periods.find((p) => typeof p.limit === 'number' && p.limit <= limit);
    return hit === undefined ? undefined : `still has a period limited to ${JSON.stringify(hit.limit)}`;
  });
}
