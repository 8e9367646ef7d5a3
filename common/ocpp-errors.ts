import type { OcppVersion } from './ocpp-version.js';

/**
 * Version-neutral reasons for a CALLERROR. Each maps one-to-one onto the OCPP-J error code of a
 * version (see DESIGN.md, "OCPP-J errors by version").
 */
export type RpcErrorKind =
  | 'bad-json'
  | 'bad-frame'
  | 'unknown-message-type'
  | 'unknown-action'
  | 'unsupported-action'
  | 'missing-field'
  | 'wrong-type'
  | 'bad-property'
  | 'bad-format'
  | 'protocol'
  | 'security'
  | 'internal'
  | 'generic';

/** OCPP 1.6-J error codes (the spec's own spellings). */
export type Ocpp16ErrorCode =
  | 'NotImplemented'
  | 'NotSupported'
  | 'InternalError'
  | 'ProtocolError'
  | 'SecurityError'
  | 'FormationViolation'
  | 'PropertyConstraintViolation'
  | 'OccurenceConstraintViolation'
  | 'TypeConstraintViolation'
  | 'GenericError';

/** OCPP 2.0.1 error codes. */
export type Ocpp201ErrorCode =
  | 'FormatViolation'
  | 'GenericError'
  | 'InternalError'
  | 'MessageTypeNotSupported'
  | 'NotImplemented'
  | 'NotSupported'
  | 'OccurrenceConstraintViolation'
  | 'PropertyConstraintViolation'
  | 'ProtocolError'
  | 'RpcFrameworkError'
  | 'SecurityError'
  | 'TypeConstraintViolation';

/** An OCPP-J error code of either version. */
export type OcppErrorCode = Ocpp16ErrorCode | Ocpp201ErrorCode;

const CODES: Record<RpcErrorKind, { '1.6': Ocpp16ErrorCode; '2.0.1': Ocpp201ErrorCode }> = {
  'bad-json': { '1.6': 'FormationViolation', '2.0.1': 'FormatViolation' },
  'bad-frame': { '1.6': 'FormationViolation', '2.0.1': 'RpcFrameworkError' },
  'unknown-message-type': { '1.6': 'FormationViolation', '2.0.1': 'MessageTypeNotSupported' },
  'unknown-action': { '1.6': 'NotImplemented', '2.0.1': 'NotImplemented' },
  'unsupported-action': { '1.6': 'NotSupported', '2.0.1': 'NotSupported' },
  'missing-field': { '1.6': 'OccurenceConstraintViolation', '2.0.1': 'OccurrenceConstraintViolation' },
  'wrong-type': { '1.6': 'TypeConstraintViolation', '2.0.1': 'TypeConstraintViolation' },
  'bad-property': { '1.6': 'PropertyConstraintViolation', '2.0.1': 'PropertyConstraintViolation' },
  'bad-format': { '1.6': 'FormationViolation', '2.0.1': 'FormatViolation' },
  protocol: { '1.6': 'ProtocolError', '2.0.1': 'ProtocolError' },
  security: { '1.6': 'SecurityError', '2.0.1': 'SecurityError' },
  internal: { '1.6': 'InternalError', '2.0.1': 'InternalError' },
  generic: { '1.6': 'GenericError', '2.0.1': 'GenericError' },
};

/** The OCPP-J error code a version uses for `kind`. */
export function errorCodeFor(version: OcppVersion, kind: RpcErrorKind): OcppErrorCode {
  return CODES[kind][version];
}

const ALL_CODES: ReadonlySet<string> = new Set(Object.values(CODES).flatMap((c) => [c['1.6'], c['2.0.1']]));

/** True when `code` is an OCPP-J error code of either version (both 1.6 spellings included). */
export function isOcppErrorCode(code: string): code is OcppErrorCode {
  return ALL_CODES.has(code);
}

/**
 * Normalises a received error code so both spellings compare equal: 1.6's
 * `OccurenceConstraintViolation` reads as `OccurrenceConstraintViolation`.
 */
export function normaliseErrorCode(code: string): string {
  return code === 'OccurenceConstraintViolation' ? 'OccurrenceConstraintViolation' : code;
}

/**
 * An OCPP-level failure: thrown by a handler to answer with a CALLERROR, or the rejection of a
 * `call()` that the peer answered with one. `code` is the wire code for the connection's version.
 */
export class OcppError extends Error {
  override readonly name = 'OcppError';
  /**
   * @param code wire error code (or use {@link OcppError.of} with a neutral kind)
   * @param description human-readable description sent in the CALLERROR
   * @param details errorDetails object sent in the CALLERROR
   */
  constructor(
    // Any string is accepted (a peer may send a code of its own); the known codes still autocomplete.
    readonly code: OcppErrorCode | (string & Record<never, never>),
    readonly description: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(`${code}: ${description}`);
  }

  /** Builds an error with the right code for `version`. */
  static of(
    version: OcppVersion,
    kind: RpcErrorKind,
    description: string,
    details: Record<string, unknown> = {},
  ): OcppError {
    return new OcppError(errorCodeFor(version, kind), description, details);
  }
}

/** Rejection of a `call()` that got no answer within its timeout. */
export class RpcTimeoutError extends Error {
  override readonly name = 'RpcTimeoutError';
  constructor(
    readonly action: string,
    readonly timeoutMs: number,
  ) {
    super(`${action}: no response within ${timeoutMs} ms`);
  }
}

/** Rejection of a `call()` on a connection that is closed or closes before the answer. */
export class ConnectionClosedError extends Error {
  override readonly name = 'ConnectionClosedError';
  constructor(message = 'connection closed') {
    super(message);
  }
}
