import { Ajv } from 'ajv';
import type { ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { createRequire } from 'node:module';
import { errorCodeFor } from '../common/ocpp-errors.js';
import type { OcppVersion } from '../common/ocpp-version.js';
import type { FrameValidator, PayloadKind, ValidationResult, Violation } from '../common/rpc-types.js';
import { actionInfo } from './actions.js';
import { violationsFromAjv } from './ajv-violations.js';
import { dateTimeFormat } from './date-time-format.js';
import { readSchema } from './schema-files.js';

const addFormats = addFormatsModule.default;
const require = createRequire(import.meta.url);
const draft06MetaSchema = require('ajv/dist/refs/json-schema-draft-06.json') as Record<string, unknown>;

const VALID: ValidationResult = Object.freeze({ ok: true });

/** Builds the ajv instance: strict mode kept on, the OCA's own keywords registered as annotations. */
function buildAjv(): Ajv {
  const ajv = new Ajv({
    strict: true,
    strictNumbers: true,
    // 1.6 limits are `multipleOf: 0.1`; 8.1 / 0.1 is 80.99999999999999 in binary floating point,
    // so compare the quotient to an integer within 1e-9 rather than exactly.
    multipleOfPrecision: 9,
    coerceTypes: false,
    useDefaults: false,
    removeAdditional: false,
    allErrors: true,
    verbose: true,
    messages: false,
  });
  // 2.0.1 and the 1.6 security extension declare draft-06; the 1.6 core files declare nothing.
  ajv.addMetaSchema(draft06MetaSchema);
  // The OCA's code-generation hints: annotations, not assertions.
  ajv.addKeyword({ keyword: 'javaType', schemaType: 'string' });
  ajv.addKeyword({ keyword: 'comment', schemaType: 'string' });
  addFormats(ajv, ['uri']);
  // As strict as ajv-formats' date-time, decided faster for the common UTC shape.
  ajv.addFormat('date-time', dateTimeFormat);
  return ajv;
}

type Compiled = { request?: ValidateFunction; response?: ValidateFunction };

/**
 * A {@link FrameValidator} over the official schemas in schemas/ocpp1.6 and schemas/ocpp2.0.1.
 * Each schema is compiled once, on first use. Violations carry the OCPP-J code of the version.
 */
export class SchemaValidator implements FrameValidator {
  private readonly ajv = buildAjv();
  private readonly compiled: Record<OcppVersion, Map<string, Compiled>> = {
    '1.6': new Map(),
    '2.0.1': new Map(),
  };

  /** True when `action` is an action of `version`, with both its request and response schemas. */
  hasAction(version: OcppVersion, action: string): boolean {
    return actionInfo(version, action) !== undefined;
  }

  /** Validates `payload` as the request or response of `action` in `version`. */
  validate(version: OcppVersion, action: string, kind: PayloadKind, payload: unknown): ValidationResult {
    const validateFn = this.compiled[version].get(action)?.[kind] ?? this.compile(version, action, kind);
    if (validateFn === undefined) {
      return { ok: false, violations: [unknownAction(version, action)] };
    }
    if (validateFn(payload)) return VALID;
    return { ok: false, violations: violationsFromAjv(version, validateFn.errors ?? []) };
  }

  /** Compiles every schema of `version` now rather than on first use (e.g. before a benchmark). */
  compileAll(version: OcppVersion, actions: Iterable<string>): void {
    for (const action of actions) {
      this.compile(version, action, 'request');
      this.compile(version, action, 'response');
    }
  }

  private compile(version: OcppVersion, action: string, kind: PayloadKind): ValidateFunction | undefined {
    if (!this.hasAction(version, action)) return undefined;
    const entry = this.compiled[version].get(action) ?? {};
    const existing = entry[kind];
    if (existing) return existing;
    const validateFn = this.ajv.compile(readSchema(version, action, kind));
    entry[kind] = validateFn;
    this.compiled[version].set(action, entry);
    return validateFn;
  }
}

function unknownAction(version: OcppVersion, action: string): Violation {
  return {
    pointer: '',
    message: `unknown action "${action}": OCPP ${version} has no such message`,
    kind: 'unknown-action',
    code: errorCodeFor(version, 'unknown-action'),
  };
}

/** Creates a validator with its own compiled schemas. */
export function createValidator(): SchemaValidator {
  return new SchemaValidator();
}

let shared: SchemaValidator | undefined;

/** The process-wide validator: schemas compiled once and shared by every endpoint. */
export function defaultValidator(): SchemaValidator {
  shared ??= createValidator();
  return shared;
}
