import { describeViolation, verdictOf, type FrameFacts, type FrameRecorder } from './frame-recorder.js';
import { OcppError, errorCodeFor } from './ocpp-errors.js';
import { jsonCopy } from './json-copy.js';
import {
  callResultFrame,
  callResultText,
  type FrameParseError,
  type ParsedCall,
  type ParsedCallResult,
} from './ocpp-frame.js';
import { utf8BytesOver } from './utf8-bytes.js';
import type { OcppVersion } from './ocpp-version.js';
import type { FrameValidator, Violation } from './rpc-types.js';

/** What a handler learns about the CALL it answers. */
export interface CallContext {
  messageId: string;
  action: string;
  stationId: string;
  version: OcppVersion;
  /** Clock time the CALL arrived, epoch ms. */
  receivedAtMs: number;
}

/** A handler of one incoming action. */
export type CallHandler<Req, Res> = (payload: Req, ctx: CallContext) => Res | Promise<Res>;

/** What answering an incoming CALL needs from its endpoint. */
export interface IncomingHost {
  readonly version: OcppVersion;
  readonly stationId: string;
  readonly validator: FrameValidator;
  readonly strict: boolean;
  readonly maxFrameBytes: number;
  readonly recorder: FrameRecorder;
  /** Incoming CALLs being handled: message id -> action. */
  readonly pending: Map<string, string>;
  handlerOf(action: string): CallHandler<unknown, unknown> | undefined;
  /** Told about a handler that failed with something other than an OcppError. */
  onHandlerError(err: unknown, ctx: CallContext): void;
  /** The connection carries parsed frames: a CALLRESULT is sent with its parsed form. */
  readonly carriesParsed: boolean;
  /** Records and sends an answer (nothing happens once the connection is closed). */
  reply(facts: FrameFacts & { readonly raw: string }, parsed?: ParsedCallResult): Promise<void>;
}

/** OCPP-J error descriptions are kept to 255 characters. */
export function truncate(text: string, max = 255): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** The CALLERROR frame text answering `messageId`. */
export function callErrorText(
  messageId: string,
  code: string,
  description: string,
  details: Record<string, unknown> = {},
): string {
  return JSON.stringify([4, messageId, code, truncate(description), details]);
}

/**
 * Records an incoming CALL, runs its handler and sends the CALLRESULT or CALLERROR: unknown action
 * NotImplemented, no handler NotSupported, invalid payload (in 'reject' mode) the first
 * violation's code, handler's OcppError as thrown, any other failure InternalError.
 */
export async function answerCall(
  host: IncomingHost,
  call: ParsedCall,
  raw: string | undefined,
  receivedAtMs: number,
): Promise<void> {
  const { version, validator, recorder } = host;
  const { messageId, action, payload } = call;
  const known = validator.hasAction(version, action);
  const check = known ? validator.validate(version, action, 'request', payload) : undefined;
  if (recorder.active) {
    recorder.received({ messageType: 'CALL', messageId, action, raw, ...verdictOf(check) }, receivedAtMs);
  }
  if (!known) {
    return replyError(
      host,
      call,
      errorCodeFor(version, 'unknown-action'),
      `${action} is not an action of OCPP ${version}`,
    );
  }
  const handler = host.handlerOf(action);
  if (handler === undefined) {
    return replyError(
      host,
      call,
      errorCodeFor(version, 'unsupported-action'),
      `${action} is not supported here`,
    );
  }
  if (check !== undefined && !check.ok && host.strict) {
    const first = check.violations[0]!;
    return replyError(host, call, first.code, `${action} request: ${describeViolation(first)}`);
  }
  const ctx: CallContext = { messageId, action, stationId: host.stationId, version, receivedAtMs };
  host.pending.set(messageId, action);
  let result: unknown;
  try {
    result = await handler(payload, ctx);
  } catch (err) {
    if (err instanceof OcppError) {
      return replyError(host, call, err.code, err.description, NO_VIOLATIONS, err.details);
    }
    host.onHandlerError(err, ctx);
    return replyError(
      host,
      call,
      errorCodeFor(version, 'internal'),
      `internal error while handling ${action}`,
    );
  } finally {
    host.pending.delete(messageId);
  }
  const answer = validator.validate(version, action, 'response', result);
  if (!answer.ok && host.strict) {
    const first = answer.violations[0]!;
    return replyError(
      host,
      call,
      errorCodeFor(version, 'internal'),
      `internal error: the ${action} response failed validation at ${describeViolation(first)}`,
      answer.violations,
    );
  }
  const text = callResultText(messageId, JSON.stringify(result) ?? 'null');
  const bytes = utf8BytesOver(text, host.maxFrameBytes);
  if (bytes !== undefined) {
    const why = recorder.violation(
      'bad-frame',
      `response frame of ${bytes} bytes is over the limit of ${host.maxFrameBytes}`,
    );
    return replyError(
      host,
      call,
      errorCodeFor(version, 'internal'),
      `internal error: the ${action} response is too large`,
      [why],
    );
  }
  const parsed = host.carriesParsed ? callResultFrame(messageId, jsonCopy(result)) : undefined;
  return host.reply(
    { messageType: 'CALLRESULT', messageId, action, raw: text, ...verdictOf(answer) },
    parsed,
  );
}

const NO_VIOLATIONS: readonly Violation[] = Object.freeze([]);

/** Sends the CALLERROR answering `call` (recorded as unchecked, with the violations that caused it). */
function replyError(
  host: IncomingHost,
  call: ParsedCall,
  code: string,
  description: string,
  violations: readonly Violation[] = NO_VIOLATIONS,
  details: Record<string, unknown> = {},
): Promise<void> {
  const { messageId, action } = call;
  return host.reply({
    messageType: 'CALLERROR',
    messageId,
    action,
    raw: callErrorText(messageId, code, description, details),
    verdict: 'unchecked',
    violations,
  });
}

/**
 * Records a frame that is not well-formed OCPP-J and answers it with the version's CALLERROR,
 * addressed to its message id, or to "-1" when none could be read.
 */
export function answerMalformed(
  host: IncomingHost,
  error: FrameParseError,
  raw: string,
  receivedAtMs: number,
): Promise<void> {
  const violation = host.recorder.violation(error.kind, error.message);
  host.recorder.received(
    { messageType: 'INVALID', messageId: error.messageId, raw, verdict: 'invalid', violations: [violation] },
    receivedAtMs,
  );
  const messageId = error.messageId ?? '-1';
  return host.reply({
    messageType: 'CALLERROR',
    messageId,
    raw: callErrorText(messageId, violation.code, error.message),
    verdict: 'unchecked',
  });
}
