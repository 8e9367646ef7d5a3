import type { RpcErrorKind } from './ocpp-errors.js';
import { CALL, CALLERROR, CALLRESULT } from './rpc-types.js';
import { utf8BytesOver } from './utf8-bytes.js';

/** Longest message id OCPP-J allows (both versions). */
export const MAX_MESSAGE_ID_LENGTH = 36;

/** A well-formed CALL: `[2, messageId, action, payload]`. */
export interface ParsedCall {
  readonly type: 'CALL';
  readonly messageId: string;
  readonly action: string;
  readonly payload: Record<string, unknown>;
}

/** A well-formed CALLRESULT: `[3, messageId, payload]`. */
export interface ParsedCallResult {
  readonly type: 'CALLRESULT';
  readonly messageId: string;
  readonly payload: Record<string, unknown>;
}

/** A well-formed CALLERROR: `[4, messageId, errorCode, errorDescription, errorDetails]`. */
export interface ParsedCallError {
  readonly type: 'CALLERROR';
  readonly messageId: string;
  readonly errorCode: string;
  readonly errorDescription: string;
  readonly errorDetails: Record<string, unknown>;
}

/** A frame whose OCPP-J shape is correct (its payload is not yet checked against a schema). */
export type ParsedFrame = ParsedCall | ParsedCallResult | ParsedCallError;

/**
 * Why a text is not a well-formed OCPP-J frame. `kind` maps onto the version's error code with
 * `errorCodeFor`: `bad-json`, `bad-frame` or `unknown-message-type`. `messageId` is set when the
 * frame carried a usable one, so that a CALLERROR can answer it.
 */
export interface FrameParseError {
  readonly kind: RpcErrorKind;
  readonly message: string;
  readonly messageId?: string;
}

/** True when {@link parseFrame} classified the text as malformed. */
export function isFrameParseError(result: ParsedFrame | FrameParseError): result is FrameParseError {
  return !('type' in result);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** True for a usable OCPP-J message id: a non-empty string of at most 36 characters. */
function isMessageId(id: unknown): id is string {
  return typeof id === 'string' && id.length > 0 && id.length <= MAX_MESSAGE_ID_LENGTH;
}

/**
 * What {@link parseFrame} reads from the CALL `[2, messageId, action, payload]`, given the payload
 * as JSON.parse would give it (`jsonCopy`), or undefined when it would read it as malformed.
 */
export function callFrame(messageId: string, action: string, payload: unknown): ParsedCall | undefined {
  if (!isMessageId(messageId) || typeof action !== 'string' || action.length === 0) return undefined;
  if (!isPlainObject(payload)) return undefined;
  return { type: 'CALL', messageId, action, payload };
}

/** The text of the CALL `[2, messageId, action, payload]`, its payload already serialised. */
export function callText(messageId: string, action: string, payloadJson: string): string {
  return `[2,${JSON.stringify(messageId)},${JSON.stringify(action)},${payloadJson}]`;
}

/** The text of the CALLRESULT `[3, messageId, payload]`, its payload already serialised. */
export function callResultText(messageId: string, payloadJson: string): string {
  return `[3,${JSON.stringify(messageId)},${payloadJson}]`;
}

/**
 * The text of a CALL or CALLRESULT given as its parsed form: the bytes its sender's text has, as
 * long as the payload is plain JSON data (what {@link callFrame} takes from `jsonCopy`).
 */
export function frameText(frame: ParsedCall | ParsedCallResult): string {
  const payloadJson = JSON.stringify(frame.payload);
  return frame.type === 'CALL'
    ? callText(frame.messageId, frame.action, payloadJson)
    : callResultText(frame.messageId, payloadJson);
}

/** Like {@link callFrame}, for the CALLRESULT `[3, messageId, payload]`. */
export function callResultFrame(messageId: string, payload: unknown): ParsedCallResult | undefined {
  if (!isMessageId(messageId) || !isPlainObject(payload)) return undefined;
  return { type: 'CALLRESULT', messageId, payload };
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.slice(0, 40))}`;
  return `${typeof value} ${JSON.stringify(value)}`;
}

function fail(kind: RpcErrorKind, message: string, messageId?: string): FrameParseError {
  return messageId === undefined ? { kind, message } : { kind, message, messageId };
}

function expectLength(
  frame: readonly unknown[],
  length: number,
  shape: string,
  messageId: string,
): FrameParseError | undefined {
  if (frame.length === length) return undefined;
  return fail('bad-frame', `${shape} must have ${length} elements, got ${frame.length}`, messageId);
}

/**
 * Parses one OCPP-J text frame and classifies what is wrong with it, if anything. Pure: it knows
 * the framing, not the schemas (an unknown action is the validator's business).
 *
 * @param text the frame as received
 * @param maxFrameBytes optional UTF-8 size limit; a longer frame is a `bad-frame`
 */
export function parseFrame(text: string, maxFrameBytes?: number): ParsedFrame | FrameParseError {
  if (maxFrameBytes !== undefined) {
    const bytes = utf8BytesOver(text, maxFrameBytes);
    if (bytes !== undefined) {
      return fail('bad-frame', `frame is ${bytes} bytes, more than the limit of ${maxFrameBytes} bytes`);
    }
  }
  let frame: unknown;
  try {
    frame = JSON.parse(text);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    return fail('bad-json', `frame is not valid JSON (${reason})`);
  }
  if (!Array.isArray(frame)) {
    return fail(
      'bad-frame',
      `frame must be a JSON array [MessageTypeId, MessageId, ...], got ${describe(frame)}`,
    );
  }
  const typeId: unknown = frame[0];
  const id: unknown = frame[1];
  const messageId = isMessageId(id) ? id : undefined;
  if (typeof typeId !== 'number' || !Number.isInteger(typeId)) {
    return fail(
      'bad-frame',
      `MessageTypeId must be the number 2, 3 or 4, got ${describe(typeId)}`,
      messageId,
    );
  }
  if (typeId !== CALL && typeId !== CALLRESULT && typeId !== CALLERROR) {
    return fail(
      'unknown-message-type',
      `MessageTypeId ${typeId} is not one of 2 (CALL), 3 (CALLRESULT), 4 (CALLERROR)`,
      messageId,
    );
  }
  if (messageId === undefined) {
    return fail(
      'bad-frame',
      `MessageId must be a non-empty string of at most ${MAX_MESSAGE_ID_LENGTH} characters, got ${describe(id)}`,
    );
  }
  if (typeId === CALL) return parseCall(frame, messageId);
  if (typeId === CALLRESULT) return parseCallResult(frame, messageId);
  return parseCallError(frame, messageId);
}

function parseCall(frame: readonly unknown[], messageId: string): ParsedCall | FrameParseError {
  const wrongLength = expectLength(frame, 4, 'CALL [2, MessageId, Action, Payload]', messageId);
  if (wrongLength) return wrongLength;
  const action = frame[2];
  const payload = frame[3];
  if (typeof action !== 'string' || action.length === 0) {
    return fail('bad-frame', `Action must be a non-empty string, got ${describe(action)}`, messageId);
  }
  if (!isPlainObject(payload)) {
    return fail('bad-frame', `CALL payload must be a JSON object, got ${describe(payload)}`, messageId);
  }
  return { type: 'CALL', messageId, action, payload };
}

function parseCallResult(frame: readonly unknown[], messageId: string): ParsedCallResult | FrameParseError {
  const wrongLength = expectLength(frame, 3, 'CALLRESULT [3, MessageId, Payload]', messageId);
  if (wrongLength) return wrongLength;
  const payload = frame[2];
  if (!isPlainObject(payload)) {
    return fail('bad-frame', `CALLRESULT payload must be a JSON object, got ${describe(payload)}`, messageId);
  }
  return { type: 'CALLRESULT', messageId, payload };
}

function parseCallError(frame: readonly unknown[], messageId: string): ParsedCallError | FrameParseError {
  const shape = 'CALLERROR [4, MessageId, ErrorCode, ErrorDescription, ErrorDetails]';
  const wrongLength = expectLength(frame, 5, shape, messageId);
  if (wrongLength) return wrongLength;
  const errorCode = frame[2];
  const errorDescription = frame[3];
  const errorDetails = frame[4];
  if (typeof errorCode !== 'string' || errorCode.length === 0) {
    return fail('bad-frame', `ErrorCode must be a non-empty string, got ${describe(errorCode)}`, messageId);
  }
  if (typeof errorDescription !== 'string') {
    return fail(
      'bad-frame',
      `ErrorDescription must be a string, got ${describe(errorDescription)}`,
      messageId,
    );
  }
  if (!isPlainObject(errorDetails)) {
    return fail('bad-frame', `ErrorDetails must be a JSON object, got ${describe(errorDetails)}`, messageId);
  }
  return { type: 'CALLERROR', messageId, errorCode, errorDescription, errorDetails };
}
