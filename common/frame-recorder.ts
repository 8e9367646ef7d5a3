import { errorCodeFor, type RpcErrorKind } from './ocpp-errors.js';
import type { OcppVersion } from './ocpp-version.js';
import type {
  FrameDirection,
  FrameCounter,
  FrameRecord,
  FrameSummary,
  FrameTap,
  RpcSide,
  ValidationResult,
  Violation,
} from './rpc-types.js';

/** The parts of a {@link FrameRecord} that differ per frame. */
export interface FrameFacts {
  readonly messageType: FrameRecord['messageType'];
  readonly messageId?: string | undefined;
  readonly action?: string | undefined;
  /** The frame's text; left out only when no tap reads it ({@link FrameRecorder.readsText}). */
  readonly raw: string | undefined;
  readonly verdict: FrameRecord['verdict'];
  readonly violations?: readonly Violation[];
}

/**
 * Turns what an endpoint sends and receives into {@link FrameRecord}s for its tap, and into
 * records without the text for its counter: absolute direction from the endpoint's side, clock
 * time, station and version. A tap or counter that throws does not disturb the endpoint; the first
 * failure is reported as a process warning.
 */
export class FrameRecorder {
  readonly #tap: FrameTap | undefined;
  readonly #count: FrameCounter | undefined;
  readonly #outgoing: FrameDirection;
  readonly #incoming: FrameDirection;
  #warned = false;

  constructor(
    tap: FrameTap | undefined,
    side: RpcSide,
    readonly stationId: string,
    readonly version: OcppVersion,
    readonly now: () => number,
    count?: FrameCounter,
  ) {
    this.#tap = tap;
    this.#count = count;
    this.#outgoing = side === 'csms' ? 'csms->station' : 'station->csms';
    this.#incoming = side === 'csms' ? 'station->csms' : 'csms->station';
  }

  /** True when a tap or a counter is installed (records need not be built otherwise). */
  get active(): boolean {
    return this.#tap !== undefined || this.#count !== undefined;
  }

  /** True when a tap is installed: every frame's text must then be built for its record. */
  get readsText(): boolean {
    return this.#tap !== undefined;
  }

  /** Records a frame this endpoint sent. */
  sent(facts: FrameFacts, timeMs = this.now()): void {
    this.#emit(this.#outgoing, facts, timeMs);
  }

  /** Records a frame this endpoint received. */
  received(facts: FrameFacts, timeMs = this.now()): void {
    this.#emit(this.#incoming, facts, timeMs);
  }

  /** A violation of the frame itself (not its payload), with the version's code. */
  violation(kind: RpcErrorKind, message: string): Violation {
    return { pointer: '', message, kind, code: errorCodeFor(this.version, kind) };
  }

  #emit(direction: FrameDirection, facts: FrameFacts, timeMs: number): void {
    const tap = this.#tap;
    const count = this.#count;
    if (tap === undefined && count === undefined) return;
    try {
      if (tap === undefined) {
        count!(this.#summary(direction, facts, timeMs));
        return;
      }
      if (facts.raw === undefined) throw new Error('a frame was recorded without its text');
      const record = this.#record(direction, facts, timeMs, facts.raw);
      tap(record);
      count?.(record);
    } catch (err) {
      if (!this.#warned) {
        this.#warned = true;
        process.emitWarning(
          `frame tap of ${this.stationId} threw (frames are still exchanged; further tap errors are not reported): ` +
            (err instanceof Error ? err.message : String(err)),
        );
      }
    }
  }

  /** What a counter sees of a frame: its record without the text. */
  #summary(direction: FrameDirection, facts: FrameFacts, timeMs: number): FrameSummary {
    const { stationId, version } = this;
    const { messageType, messageId, action, verdict } = facts;
    const violations = facts.violations ?? NO_VIOLATIONS;
    return messageId !== undefined && action !== undefined
      ? { timeMs, direction, stationId, version, messageType, messageId, action, verdict, violations }
      : { timeMs, direction, stationId, version, messageType, ...idAndAction(facts), verdict, violations };
  }

  /** The record of a frame: `messageId` and `action` only when known (no key otherwise). */
  #record(direction: FrameDirection, facts: FrameFacts, timeMs: number, raw: string): FrameRecord {
    const { stationId, version } = this;
    const { messageType, messageId, action, verdict } = facts;
    const violations = facts.violations ?? NO_VIOLATIONS;
    return messageId !== undefined && action !== undefined
      ? { timeMs, direction, stationId, version, messageType, messageId, action, raw, verdict, violations }
      : {
          timeMs,
          direction,
          stationId,
          version,
          messageType,
          ...idAndAction(facts),
          raw,
          verdict,
          violations,
        };
  }
}

/** The message id and action of a frame, each only when known (no key otherwise). */
function idAndAction(facts: FrameFacts): { messageId?: string; action?: string } {
  const { messageId, action } = facts;
  if (messageId !== undefined) return action === undefined ? { messageId } : { messageId, action };
  return action === undefined ? {} : { action };
}

/** Shared by every record and verdict without violations (the array is frozen). */
const NO_VIOLATIONS: readonly Violation[] = Object.freeze([]);
const VALID: Pick<FrameFacts, 'verdict' | 'violations'> = Object.freeze({
  verdict: 'valid',
  violations: NO_VIOLATIONS,
});
const UNCHECKED: Pick<FrameFacts, 'verdict' | 'violations'> = Object.freeze({
  verdict: 'unchecked',
  violations: NO_VIOLATIONS,
});

/** Verdict and violations of a validation result, as a tap records them. */
export function verdictOf(result: ValidationResult | undefined): Pick<FrameFacts, 'verdict' | 'violations'> {
  if (result === undefined) return UNCHECKED;
  return result.ok ? VALID : { verdict: 'invalid', violations: result.violations };
}

/** One line naming a violation: where it is and what to change. */
export function describeViolation(v: Violation): string {
  return `${v.pointer === '' ? '(payload)' : v.pointer}: ${v.message}`;
}
