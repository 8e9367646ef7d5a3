import type { RpcErrorKind } from '../common/ocpp-errors.js';
import { errorCodeFor, normaliseErrorCode } from '../common/ocpp-errors.js';
import type { ParsedFrame } from '../common/ocpp-frame.js';
import { isFrameParseError, parseFrame } from '../common/ocpp-frame.js';
import type { OcppVersion } from '../common/ocpp-version.js';
import type { FrameDirection, FrameRecord, FrameValidator, Violation } from '../common/rpc-types.js';
import { actionInfo } from './actions.js';

/** What {@link checkFrame} found out about one text frame; the fields match {@link FrameRecord}. */
export interface FrameCheck {
  readonly messageType: FrameRecord['messageType'];
  readonly messageId?: string;
  /** The CALL's action; for a CALLRESULT/CALLERROR the answered CALL's action when given. */
  readonly action?: string;
  /** The parsed frame, when its OCPP-J shape is correct. */
  readonly frame?: ParsedFrame;
  /** 'unchecked' when no schema applies: a CALLERROR, or a CALLRESULT whose CALL is not known. */
  readonly verdict: FrameRecord['verdict'];
  readonly violations: readonly Violation[];
}

/** Context for {@link checkFrame}. */
export interface FrameCheckOptions {
  /** For a CALLRESULT or CALLERROR: the action of the CALL it answers, if known. */
  readonly callAction?: string;
  /** Otherwise asked for it, with the answer's message id (e.g. to look it up among pending CALLs). */
  readonly resolveCallAction?: (messageId: string) => string | undefined;
  /** The way the frame travelled, if known: a CALL in a direction its action never travels is flagged. */
  readonly direction?: FrameDirection;
  /** Size limit in UTF-8 bytes (see `parseFrame`). */
  readonly maxFrameBytes?: number;
}

const ALL_KINDS = Object.keys({
  'bad-json': true,
  'bad-frame': true,
  'unknown-message-type': true,
  'unknown-action': true,
  'unsupported-action': true,
  'missing-field': true,
  'wrong-type': true,
  'bad-property': true,
  'bad-format': true,
  protocol: true,
  security: true,
  internal: true,
  generic: true,
} satisfies Record<RpcErrorKind, true>) as RpcErrorKind[];

const ERROR_CODES: Record<OcppVersion, readonly string[]> = {
  '1.6': [...new Set(ALL_KINDS.map((k) => errorCodeFor('1.6', k)))].sort(),
  '2.0.1': [...new Set(ALL_KINDS.map((k) => errorCodeFor('2.0.1', k)))].sort(),
};

const ACCEPTED_CODES: Record<OcppVersion, ReadonlySet<string>> = {
  '1.6': new Set(ERROR_CODES['1.6'].map(normaliseErrorCode)),
  '2.0.1': new Set(ERROR_CODES['2.0.1'].map(normaliseErrorCode)),
};

function violation(version: OcppVersion, kind: RpcErrorKind, message: string): Violation {
  return { pointer: '', message, kind, code: errorCodeFor(version, kind) };
}

function invalid(
  frame: Omit<FrameCheck, 'verdict' | 'violations'>,
  violations: readonly Violation[],
): FrameCheck {
  return { ...frame, verdict: 'invalid', violations };
}

/**
 * Checks one OCPP-J text frame completely: its framing (via `parseFrame`, the one place that knows
 * the OCPP-J shape), that a CALL's action exists in `version` and travels in the given direction,
 * and the payload against the action's request or response schema. A CALLERROR's code must be one
 * of the version's codes (both spellings of the occurrence code are accepted).
 */
export function checkFrame(
  validator: FrameValidator,
  version: OcppVersion,
  text: string,
  options: FrameCheckOptions = {},
): FrameCheck {
  const parsed = parseFrame(text, options.maxFrameBytes);
  if (isFrameParseError(parsed)) {
    const base = parsed.messageId === undefined ? {} : { messageId: parsed.messageId };
    return invalid({ messageType: 'INVALID', ...base }, [violation(version, parsed.kind, parsed.message)]);
  }
  const { messageId } = parsed;
  if (parsed.type === 'CALL') {
    const base = { messageType: 'CALL' as const, messageId, action: parsed.action, frame: parsed };
    if (!validator.hasAction(version, parsed.action)) {
      return invalid(base, [
        violation(
          version,
          'unknown-action',
          `unknown action "${parsed.action}": OCPP ${version} has no such message`,
        ),
      ]);
    }
    const wrongWay = directionViolation(version, parsed.action, options.direction);
    if (wrongWay) return invalid(base, [wrongWay]);
    const result = validator.validate(version, parsed.action, 'request', parsed.payload);
    return result.ok ? { ...base, verdict: 'valid', violations: [] } : invalid(base, result.violations);
  }
  const action = options.callAction ?? options.resolveCallAction?.(messageId);
  const base = {
    messageType: parsed.type,
    messageId,
    frame: parsed,
    ...(action === undefined ? {} : { action }),
  };
  if (parsed.type === 'CALLERROR') {
    if (ACCEPTED_CODES[version].has(normaliseErrorCode(parsed.errorCode))) {
      return { ...base, verdict: 'unchecked', violations: [] };
    }
    const known = ERROR_CODES[version].join(', ');
    return invalid(base, [
      violation(
        version,
        'bad-frame',
        `ErrorCode "${parsed.errorCode}" is not an OCPP ${version} error code; use one of ${known}`,
      ),
    ]);
  }
  if (action === undefined || !validator.hasAction(version, action)) {
    return { ...base, verdict: 'unchecked', violations: [] };
  }
  const result = validator.validate(version, action, 'response', parsed.payload);
  return result.ok ? { ...base, verdict: 'valid', violations: [] } : invalid(base, result.violations);
}

function directionViolation(
  version: OcppVersion,
  action: string,
  direction: FrameDirection | undefined,
): Violation | undefined {
  const info = actionInfo(version, action);
  if (direction === undefined || info === undefined || info.directions.includes(direction)) return undefined;
  const sender = direction === 'station->csms' ? 'a station' : 'the CSMS';
  const rightSender = direction === 'station->csms' ? 'the CSMS' : 'a station';
  return violation(
    version,
    'unsupported-action',
    `${action} is sent by ${rightSender}, not by ${sender}, in OCPP ${version}`,
  );
}
