import { errorCodeFor } from '../common/ocpp-errors.js';
import type { RpcErrorKind } from '../common/ocpp-errors.js';
import type { OcppVersion } from '../common/ocpp-version.js';
import type { FrameDirection, FrameRecord, FrameValidator, Violation } from '../common/rpc-types.js';
import type { FrameCheck } from './frame-check.js';
import { checkFrame } from './frame-check.js';

/** One violation found in a recording, located by line. */
export interface RecordingFinding {
  /** 1-based line number in the file. */
  readonly line: number;
  readonly messageId?: string;
  readonly action?: string;
  readonly messageType: FrameRecord['messageType'];
  readonly direction?: FrameDirection;
  readonly pointer: string;
  readonly kind: RpcErrorKind;
  readonly code: string;
  readonly message: string;
}

/** Per-action counts; `action` is `(unmatched)` for answers to no known CALL, `(malformed)` for broken frames. */
export interface ActionTally {
  readonly action: string;
  calls: number;
  results: number;
  errors: number;
  invalid: number;
}

/** What {@link checkRecording} found in a whole recording. */
export interface RecordingReport {
  readonly version: OcppVersion;
  readonly frames: number;
  readonly valid: number;
  readonly invalid: number;
  readonly unchecked: number;
  /** Sorted by action name. */
  readonly actions: readonly ActionTally[];
  /** Every violation, in file order. */
  readonly findings: readonly RecordingFinding[];
  /** Versions named by the records themselves (harness recordings carry one), sorted. */
  readonly recordedVersions: readonly string[];
}

const DIRECTIONS: readonly string[] = ['station->csms', 'csms->station'] satisfies FrameDirection[];
const UNMATCHED = '(unmatched)';
const MALFORMED = '(malformed)';

interface LineFrame {
  readonly text: string;
  readonly direction?: FrameDirection;
  /** The `version` a harness record says it was recorded under, if any. */
  readonly recordedVersion?: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads one line of a recording: a bare OCPP-J frame, a `{ direction, frame }` record, or a
 * harness {@link FrameRecord} (`{ direction, raw, ... }`). Returns the frame text to check, or a
 * message naming the field to fix.
 */
export function readRecordingLine(line: string): LineFrame | { readonly problem: string } {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { text: line }; // checkFrame reports it as not JSON
  }
  if (!isRecord(value)) return { text: line };
  const direction = value['direction'];
  if (direction !== undefined && (typeof direction !== 'string' || !DIRECTIONS.includes(direction))) {
    return {
      problem: `"direction" must be "station->csms" or "csms->station" (got ${JSON.stringify(direction)})`,
    };
  }
  const dir = {
    ...(direction === undefined ? {} : { direction: direction as FrameDirection }),
    ...(typeof value['version'] === 'string' ? { recordedVersion: value['version'] } : {}),
  };
  if (typeof value['raw'] === 'string') return { text: value['raw'], ...dir };
  if (value['frame'] !== undefined) return { text: JSON.stringify(value['frame']), ...dir };
  return {
    problem:
      'a record needs "frame" (the OCPP-J array) or "raw" (the frame text); a bare frame is a JSON array',
  };
}

function opposite(direction: FrameDirection): FrameDirection {
  return direction === 'station->csms' ? 'csms->station' : 'station->csms';
}

function callKey(messageId: string, direction: FrameDirection | undefined): string {
  return `${direction ?? ''}|${messageId}`;
}

/**
 * Checks every frame of a JSONL recording against the schemas of `version`. Answers are matched to
 * their CALL by message id (and direction, when the lines carry it) and checked against the
 * CALL's response schema. Blank lines are skipped; a broken line is a finding, never a crash.
 */
export function checkRecording(
  validator: FrameValidator,
  version: OcppVersion,
  text: string,
): RecordingReport {
  const pendingCalls = new Map<string, string>();
  const tallies = new Map<string, ActionTally>();
  const findings: RecordingFinding[] = [];
  const totals = { frames: 0, valid: 0, invalid: 0, unchecked: 0 };
  const tally = (action: string): ActionTally => {
    let t = tallies.get(action);
    if (!t) {
      t = { action, calls: 0, results: 0, errors: 0, invalid: 0 };
      tallies.set(action, t);
    }
    return t;
  };

  const recordedVersions = new Set<string>();
  const lines = text.replace(/^\uFEFF/, '').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? '').replace(/\r$/, '');
    if (line.trim() === '') continue;
    totals.frames++;
    const read = readRecordingLine(line);
    const problem = 'problem' in read ? read.problem : undefined;
    const frame = 'problem' in read ? undefined : read;
    if (frame?.recordedVersion !== undefined) recordedVersions.add(frame.recordedVersion);
    const check = frame ? checkLine(validator, version, frame) : recordProblem(version, problem ?? '');
    const direction = frame?.direction;
    let action = check.action;
    if (check.messageType === 'CALL' && check.messageId !== undefined && check.action !== undefined) {
      pendingCalls.set(callKey(check.messageId, direction), check.action);
    }
    if (check.messageType === 'INVALID') action = MALFORMED;
    const t = tally(action ?? UNMATCHED);
    if (check.messageType === 'CALL') t.calls++;
    if (check.messageType === 'CALLRESULT') t.results++;
    if (check.messageType === 'CALLERROR') t.errors++;
    totals[check.verdict]++;
    if (check.verdict !== 'invalid') continue;
    t.invalid++;
    for (const v of check.violations) findings.push(finding(i + 1, check, direction, v));
  }
  return {
    version,
    ...totals,
    actions: [...tallies.values()].sort((a, b) => (a.action < b.action ? -1 : a.action > b.action ? 1 : 0)),
    findings,
    recordedVersions: [...recordedVersions].sort(),
  };

  function checkLine(v: FrameValidator, ver: OcppVersion, read: LineFrame): FrameCheck {
    const answered = read.direction && opposite(read.direction);
    return checkFrame(v, ver, read.text, {
      ...(read.direction ? { direction: read.direction } : {}),
      resolveCallAction: (messageId) => {
        const key = callKey(messageId, answered);
        const callAction = pendingCalls.get(key);
        pendingCalls.delete(key);
        return callAction;
      },
    });
  }
}

function recordProblem(version: OcppVersion, problem: string): FrameCheck {
  const violation: Violation = {
    pointer: '',
    message: problem,
    kind: 'bad-frame',
    code: errorCodeFor(version, 'bad-frame'),
  };
  return { messageType: 'INVALID', verdict: 'invalid', violations: [violation] };
}

function finding(
  line: number,
  check: FrameCheck,
  direction: FrameDirection | undefined,
  v: Violation,
): RecordingFinding {
  return {
    line,
    ...(check.messageId === undefined ? {} : { messageId: check.messageId }),
    ...(check.action === undefined ? {} : { action: check.action }),
    messageType: check.messageType,
    ...(direction === undefined ? {} : { direction }),
    pointer: v.pointer,
    kind: v.kind,
    code: v.code,
    message: v.message,
  };
}
