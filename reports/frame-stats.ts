import type { FrameDirection, FrameRecord } from '../common/rpc-types.js';
import type { FrameCount, FrameViolationRow } from './run-report.js';

/** Action name under which frames of no known action are counted. */
export const UNKNOWN_ACTION = '(unknown)';

type MutableCount = { -readonly [K in keyof FrameCount]: FrameCount[K] };

/** Counts frames by action and direction and lists every violation with its frames.jsonl line. */
export class FrameStats {
  readonly #counts = new Map<string, MutableCount>();
  readonly #violations: FrameViolationRow[] = [];

  /** Takes one frame, recorded at `frameLine` (1-based) of frames.jsonl. */
  add(record: FrameRecord, frameLine: number): void {
    const action = record.action ?? UNKNOWN_ACTION;
    const key = `${action}\u0000${record.direction}`;
    let count = this.#counts.get(key);
    if (count === undefined) {
      count = {
        action,
        direction: record.direction,
        calls: 0,
        results: 0,
        errors: 0,
        malformed: 0,
        invalid: 0,
      };
      this.#counts.set(key, count);
    }
    if (record.messageType === 'CALL') count.calls++;
    else if (record.messageType === 'CALLRESULT') count.results++;
    else if (record.messageType === 'CALLERROR') count.errors++;
    else count.malformed++;
    if (record.verdict !== 'invalid') return;
    count.invalid++;
    const base = {
      frameLine,
      timeMs: record.timeMs,
      stationId: record.stationId,
      direction: record.direction,
      messageType: record.messageType,
      ...(record.action === undefined ? {} : { action: record.action }),
    };
    if (record.violations.length === 0) {
      this.#violations.push({
        ...base,
        pointer: '',
        code: '',
        message: 'frame is invalid (no detail recorded)',
      });
    }
    for (const v of record.violations) {
      this.#violations.push({ ...base, pointer: v.pointer, code: v.code, message: v.message });
    }
  }

  /** Counts, sorted by action then direction (station->csms first). */
  counts(): FrameCount[] {
    return [...this.#counts.values()]
      .map((c) => ({ ...c }))
      .sort(
        (a, b) =>
          compareText(a.action, b.action) || directionOrder(a.direction) - directionOrder(b.direction),
      );
  }

  /** Every violation, in the order the frames were recorded. */
  violations(): FrameViolationRow[] {
    return [...this.#violations];
  }
}

function directionOrder(d: FrameDirection): number {
  return d === 'station->csms' ? 0 : 1;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
