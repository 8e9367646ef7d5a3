import { Ajv } from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { IANAZone } from 'luxon';
import { readFileSync } from 'node:fs';
import { schemasRoot } from '../../schemas/schema-files.js';
import { findEvSpec } from '../ev/ev-catalog.js';
import type { SiteConfig } from './site-config.js';

/** A site file or object that is not a valid site; the message names the field and what to change. */
export class SiteConfigError extends Error {
  override readonly name = 'SiteConfigError';
}

let validateSite: ValidateFunction | undefined;

function siteValidator(): ValidateFunction {
  if (validateSite) return validateSite;
  const schema = JSON.parse(readFileSync(new URL('site/site.schema.json', schemasRoot()), 'utf8')) as object;
  const ajv = new Ajv({ strict: true, strictNumbers: true, coerceTypes: false, allErrors: true });
  validateSite = ajv.compile(schema);
  return validateSite;
}

function fieldOf(path: string): string {
  return path === '' ? 'the site' : path.slice(1).replaceAll('/', '.');
}

/** One ajv error as a sentence naming the field and what to change. */
function describe(e: ErrorObject): string {
  const field = fieldOf(e.instancePath);
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return `${field}: add the required field "${String(p.missingProperty)}"`;
    case 'additionalProperties':
      return `${field}: unknown field "${String(p.additionalProperty)}" (remove it or check its spelling)`;
    case 'enum':
      return `${field} must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'type':
      return `${field} must be of type ${String(p.type)}`;
    default:
      return `${field} ${e.message ?? 'is invalid'}`;
  }
}

/** Checks that go beyond the schema (uniqueness, consistency between fields). */
function semanticProblems(site: SiteConfig): string[] {
  const problems: string[] = [];
  if (!IANAZone.isValidZone(site.timeZone)) {
    problems.push(`timeZone "${site.timeZone}" is not an IANA time zone (e.g. Asia/Kolkata, Europe/Berlin)`);
  }
  if (site.home.maxPowerW < site.home.minPowerW) {
    problems.push(
      `home.maxPowerW (${site.home.maxPowerW}) must be >= home.minPowerW (${site.home.minPowerW})`,
    );
  }
  const sunrise = site.pv.sunriseHour ?? 6;
  const sunset = site.pv.sunsetHour ?? 18.5;
  if (sunset <= sunrise)
    problems.push(`pv.sunsetHour (${sunset}) must be later than pv.sunriseHour (${sunrise})`);
  if (site.phases === 1 && site.pv.phase !== undefined && site.pv.phase !== 'L1') {
    problems.push(`pv.phase must be L1 on a single-phase site (or leave it out)`);
  }
  const seen = new Set<string>();
  let meters = 0;
  site.chargers.forEach((c, i) => {
    if (seen.has(c.id))
      problems.push(`chargers.${i}.id "${c.id}" is used twice: give each charger its own id`);
    seen.add(c.id);
    if (c.phases === 3 && site.phases === 1) {
      problems.push(`chargers.${i}.phases is 3 but the site has 1 phase: set it to 1`);
    }
    if (site.phases === 1 && c.phase !== undefined && c.phase !== 'L1') {
      problems.push(`chargers.${i}.phase must be L1 on a single-phase site (or leave it out)`);
    }
    if (c.meterStation === true) meters++;
  });
  if (meters > 1) problems.push(`only one charger may have meterStation: true (found ${meters})`);
  const evs = site.evs;
  if (evs?.stayHours && evs.stayHours.max < evs.stayHours.min)
    problems.push('evs.stayHours.max must be >= min');
  if (evs?.arrivalSocPercent && evs.arrivalSocPercent.max < evs.arrivalSocPercent.min) {
    problems.push('evs.arrivalSocPercent.max must be >= min');
  }
  evs?.cars?.forEach((name, i) => {
    if (findEvSpec(name) === undefined) problems.push(`evs.cars.${i} "${name}" is not a known car type`);
  });
  return problems;
}

/**
 * Validates a parsed site (against schemas/site/site.schema.json, then the cross-field rules).
 * @param source names the input in error messages (a file path).
 * @throws SiteConfigError listing every problem, each naming the field and what to change.
 */
export function parseSite(value: unknown, source = 'site'): SiteConfig {
  const validate = siteValidator();
  if (!validate(value)) {
    const problems = (validate.errors ?? []).map(describe);
    throw new SiteConfigError(`${source} is not a valid site:\n  - ${[...new Set(problems)].join('\n  - ')}`);
  }
  const site = value as SiteConfig;
  const problems = semanticProblems(site);
  if (problems.length > 0)
    throw new SiteConfigError(`${source} is not a valid site:\n  - ${problems.join('\n  - ')}`);
  return structuredClone(site);
}

/**
 * Loads a site from a JSON file.
 * @throws SiteConfigError when the file cannot be read, is not JSON, or is not a valid site.
 */
export function loadSite(path: string): SiteConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new SiteConfigError(`cannot read site file ${path}: ${(err as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new SiteConfigError(`site file ${path} is not valid JSON: ${(err as Error).message}`);
  }
  return parseSite(value, `site file ${path}`);
}
