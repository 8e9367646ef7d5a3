import type { FrameRecord } from '../../common/rpc-types.js';

/** One frame as a message page holds it (see migration 004_message_pages.sql). */
export interface PageLine {
  /** Epoch ms (clock time) the frame was sent or received. */
  readonly timeMs: number;
  readonly stationId: string;
  readonly direction: string;
  readonly messageType: string;
  /** The OCPP-J message id: correlates a CALL with its CALLRESULT or CALLERROR. */
  readonly messageId: string | null;
  readonly action: string | null;
  readonly verdict: string;
  /** The frame exactly as sent or received. */
  readonly text: string;
  readonly violations: readonly unknown[];
}

/**
 * A frame as the values of one line of a message page; the line is their JSON, an array
 * `[timeMs, stationId, direction, messageType, messageId, action, verdict, frameText, violations]`.
 * JSON escapes every line break, NUL and unpaired surrogate in the strings, so the line is one
 * line of valid UTF-8 whatever the frame held, and the frame text comes back exactly. The values
 * are the frame's own (no copy is made): the line is written where the page is compressed.
 */
export function pageRowOf(frame: FrameRecord): readonly unknown[] {
  return [
    frame.timeMs,
    frame.stationId,
    frame.direction,
    frame.messageType,
    frame.messageId ?? null,
    frame.action ?? null,
    frame.verdict,
    frame.raw,
    frame.violations,
  ];
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isStringOrNull = (v: unknown): v is string | null => v === null || typeof v === 'string';

/** Reads a page line back; throws naming what is wrong when the line is not one. */
export function readPageLine(line: string): PageLine {
  const v: unknown = JSON.parse(line);
  if (!Array.isArray(v) || v.length !== 9) throw new Error(`not a message page line: ${line.slice(0, 80)}`);
  const [timeMs, stationId, direction, messageType, messageId, action, verdict, text, violations] =
    v as unknown[];
  if (
    typeof timeMs !== 'number' ||
    !isString(stationId) ||
    !isString(direction) ||
    !isString(messageType) ||
    !isStringOrNull(messageId) ||
    !isStringOrNull(action) ||
    !isString(verdict) ||
    !isString(text)
  ) {
    throw new Error(`a message page line has a field of the wrong type: ${line.slice(0, 80)}`);
  }
  return {
    timeMs,
    stationId,
    direction,
    messageType,
    messageId,
    action,
    verdict,
    text,
    violations: Array.isArray(violations) ? (violations as unknown[]) : [],
  };
}
