import type { OcppVersion } from '../../common/ocpp-version.js';
import { allCases } from './case-catalogue.js';
import { SUITES, type CaseSide, type ConformanceCase, type Suite } from './conformance-case.js';

/** A bad option value: the message names the option and what to give instead. */
export class ConformanceOptionError extends Error {
  override readonly name = 'ConformanceOptionError';
}

/** `--version`: 1.6 or 2.0.1. */
export function parseVersionOption(text: string | undefined): OcppVersion {
  if (text === '1.6' || text === '2.0.1') return text;
  throw new ConformanceOptionError(
    `--version must be 1.6 or 2.0.1, got ${text === undefined ? 'nothing' : `"${text}"`}`,
  );
}

/** `--suite`: core, smart-charging, firmware, or all (comma-separated lists allowed). */
export function parseSuiteOption(text: string | undefined): Suite[] {
  if (text === undefined || text === 'all') return [...SUITES];
  const out: Suite[] = [];
  for (const part of text.split(',').map((s) => s.trim())) {
    if (!(SUITES as readonly string[]).includes(part)) {
      throw new ConformanceOptionError(`--suite "${part}" is not a suite: use ${SUITES.join(', ')} or all`);
    }
    out.push(part as Suite);
  }
  return out;
}

/** `--port`: 0 to 65535. */
export function parsePortOption(text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    throw new ConformanceOptionError(`--port must be a whole number from 0 to 65535, got "${text}"`);
  }
  return n;
}

/** A positive number of seconds, as clock milliseconds. */
export function parseSecondsOption(name: string, text: string | undefined, fallbackS: number): number {
  if (text === undefined) return fallbackS * 1000;
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0)
    throw new ConformanceOptionError(`${name} must be a positive number of seconds, got "${text}"`);
  return n * 1000;
}

/** A charger identity as OCPP allows it in a URL path (1-48 printable characters, no `/`). */
export function parseStationOption(name: string, text: string | undefined): string {
  if (text === undefined || !/^[\w.:-]{1,48}$/.test(text)) {
    throw new ConformanceOptionError(
      `${name} must be 1-48 letters, digits, '.', ':', '_' or '-' (the charger's identity), got ${text === undefined ? 'nothing' : `"${text}"`}`,
    );
  }
  return text;
}

/**
 * The cases to run: those of the side, version and suites, narrowed to `--case` ids when given.
 * @throws ConformanceOptionError for an id that is not a case of this side and version
 */
export function chooseCases(
  side: CaseSide,
  version: OcppVersion,
  suites: readonly Suite[],
  ids: string | undefined,
): ConformanceCase[] {
  const eligible = allCases().filter((c) => c.side === side && c.version === version);
  if (ids === undefined) return eligible.filter((c) => suites.includes(c.suite));
  const wanted = ids
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const chosen: ConformanceCase[] = [];
  for (const id of wanted) {
    const found = eligible.find((c) => c.id === id);
    if (found === undefined) {
      const sample = eligible
        .slice(0, 6)
        .map((c) => c.id)
        .join(', ');
      throw new ConformanceOptionError(
        `--case ${id} is not a ${side}-side case of OCPP ${version}; known ids include ${sample}, …`,
      );
    }
    chosen.push(found);
  }
  return chosen;
}
