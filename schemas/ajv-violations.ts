import type { ErrorObject } from 'ajv';
import type { RpcErrorKind } from '../common/ocpp-errors.js';
import { errorCodeFor } from '../common/ocpp-errors.js';
import type { OcppVersion } from '../common/ocpp-version.js';
import type { Violation } from '../common/rpc-types.js';

/**
 * Which error class each JSON-schema keyword's failure belongs to (DESIGN.md, "OCPP-J errors by
 * version"): a missing field or a wrong number of occurrences is an occurrence violation; a wrong
 * JSON type a type violation; an extra property or a value outside its allowed set or range a
 * property violation; a string too long or short, or not of its format, a format violation.
 */
const KIND_BY_KEYWORD: Readonly<Record<string, RpcErrorKind>> = {
  required: 'missing-field',
  minItems: 'missing-field',
  maxItems: 'missing-field',
  type: 'wrong-type',
  additionalProperties: 'bad-property',
  enum: 'bad-property',
  const: 'bad-property',
  minimum: 'bad-property',
  maximum: 'bad-property',
  exclusiveMinimum: 'bad-property',
  exclusiveMaximum: 'bad-property',
  multipleOf: 'bad-property',
  uniqueItems: 'bad-property',
  maxLength: 'bad-format',
  minLength: 'bad-format',
  format: 'bad-format',
  pattern: 'bad-format',
};

const FORMAT_HINTS: Readonly<Record<string, string>> = {
  'date-time': 'an RFC 3339 date-time with time zone, e.g. 2026-01-01T12:00:00Z',
  uri: 'an absolute URI, e.g. https://example.com/firmware.bin',
};

/** Escapes one reference token of a JSON pointer (RFC 6901). */
export function escapePointerToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function withArticle(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function param(error: ErrorObject, name: string): unknown {
  return (error.params as Record<string, unknown>)[name];
}

function describeFailure(error: ErrorObject): { pointer: string; text: string } {
  const at = error.instancePath;
  const data: unknown = error.data;
  switch (error.keyword) {
    case 'required':
      return {
        pointer: `${at}/${escapePointerToken(String(param(error, 'missingProperty')))}`,
        text: 'required property missing',
      };
    case 'additionalProperties':
      return {
        pointer: `${at}/${escapePointerToken(String(param(error, 'additionalProperty')))}`,
        text: 'property not allowed by the schema; remove it',
      };
    case 'type': {
      const expected = String(param(error, 'type')).split(',').map(withArticle).join(' or ');
      return { pointer: at, text: `must be ${expected} (got ${jsonType(data)} ${shown(data)})` };
    }
    case 'enum': {
      const allowed = (param(error, 'allowedValues') as unknown[]).map(shown).join(', ');
      return { pointer: at, text: `must be one of ${allowed} (got ${shown(data)})` };
    }
    case 'const':
      return { pointer: at, text: `must be ${shown(param(error, 'allowedValue'))} (got ${shown(data)})` };
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return {
        pointer: at,
        text: `must be ${String(param(error, 'comparison'))} ${String(param(error, 'limit'))} (got ${shown(data)})`,
      };
    case 'multipleOf':
      return {
        pointer: at,
        text: `must be a multiple of ${String(param(error, 'multipleOf'))} (got ${shown(data)})`,
      };
    case 'maxLength':
    case 'minLength': {
      const bound = error.keyword === 'maxLength' ? 'at most' : 'at least';
      const length = typeof data === 'string' ? [...data].length : 0;
      return {
        pointer: at,
        text: `must be ${bound} ${String(param(error, 'limit'))} characters (got ${length})`,
      };
    }
    case 'minItems':
    case 'maxItems': {
      const bound = error.keyword === 'maxItems' ? 'at most' : 'at least';
      const count = Array.isArray(data) ? data.length : 0;
      return {
        pointer: at,
        text: `must have ${bound} ${String(param(error, 'limit'))} item(s) (got ${count})`,
      };
    }
    case 'format': {
      const format = String(param(error, 'format'));
      return { pointer: at, text: `must be ${FORMAT_HINTS[format] ?? `a ${format}`} (got ${shown(data)})` };
    }
    case 'pattern':
      return {
        pointer: at,
        text: `must match the pattern ${String(param(error, 'pattern'))} (got ${shown(data)})`,
      };
    default:
      return { pointer: at, text: `violates the schema keyword "${error.keyword}" (got ${shown(data)})` };
  }
}

/**
 * Turns ajv's errors (compiled with `verbose: true`, so that each carries the offending value)
 * into violations with a JSON pointer, a message saying what to change and the OCPP-J code of
 * `version`. A value of the wrong type reports only that, not also the enum or length it then fails.
 */
export function violationsFromAjv(version: OcppVersion, errors: readonly ErrorObject[]): Violation[] {
  const wrongType = new Set(errors.filter((e) => e.keyword === 'type').map((e) => e.instancePath));
  const violations: Violation[] = [];
  const seen = new Set<string>();
  for (const error of errors) {
    if (error.keyword !== 'type' && wrongType.has(error.instancePath)) continue;
    const kind = KIND_BY_KEYWORD[error.keyword] ?? 'bad-property';
    const { pointer, text } = describeFailure(error);
    const message = `${pointer === '' ? '(payload)' : pointer}: ${text}`;
    if (seen.has(message)) continue;
    seen.add(message);
    violations.push({ pointer, message, kind, code: errorCodeFor(version, kind) });
  }
  return violations;
}
