import type { FrameFacts, FrameRecorder } from './frame-recorder.js';
import { verdictOf } from './frame-recorder.js';
import { isFrameParseError, parseFrame } from './ocpp-frame.js';
import type { PayloadKind, ValidationResult } from './rpc-types.js';

/** Validates a payload of an action, or returns undefined when no schema applies. */
export type PayloadCheck = (
  action: string | undefined,
  kind: PayloadKind,
  payload: unknown,
) => ValidationResult | undefined;

/**
 * What the tap records about a frame sent raw (unvalidated, for fault injection): its shape, and
 * for a CALL or CALLRESULT the payload's verdict, so that an invalid frame sent on purpose is
 * still recorded as invalid.
 *
 * @param actionOfAnswer the action of the incoming CALL a CALLRESULT/CALLERROR answers, if known
 */
export function rawFrameFacts(
  text: string,
  recorder: FrameRecorder,
  check: PayloadCheck,
  actionOfAnswer: (messageId: string) => string | undefined,
): FrameFacts {
  const parsed = parseFrame(text);
  if (isFrameParseError(parsed)) {
    return {
      messageType: 'INVALID',
      messageId: parsed.messageId,
      raw: text,
      verdict: 'invalid',
      violations: [recorder.violation(parsed.kind, parsed.message)],
    };
  }
  if (parsed.type === 'CALL') {
    const { messageId, action, payload } = parsed;
    return {
      messageType: 'CALL',
      messageId,
      action,
      raw: text,
      ...verdictOf(check(action, 'request', payload)),
    };
  }
  const action = actionOfAnswer(parsed.messageId);
  const result = parsed.type === 'CALLRESULT' ? check(action, 'response', parsed.payload) : undefined;
  return { messageType: parsed.type, messageId: parsed.messageId, action, raw: text, ...verdictOf(result) };
}
