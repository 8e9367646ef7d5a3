import { errorCodeFor, type RpcErrorKind } from './ocpp-errors.js';
import type { OcppVersion } from './ocpp-version.js';
import type {
  FrameDirection,
  FrameRecord,
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
  readonly raw: string;
  readonly verdict: FrameRecord['verdict'];
  readonly violations?: readonly Violation[];
}

/**
 * Turns what an endpoint sends and receives into {@link FrameRecord}s for its tap: absolute
 * direction from the endpoint's side, clock time, station and version. A tap that throws does not
 * disturb the endpoint; the first failure is reported as a process warning.
 */
export class FrameRecorder {
  readonly #tap: FrameTap | undefined;
  readonly #outgoing: FrameDirection;
  readonly #incoming: FrameDirection;
  #warned = false;

  constructor(
    tap: FrameTap | undefined,
    side: RpcSide,
    readonly stationId: string,
    readonly version: OcppVersion,
    readonly now: () => number,
  ) {
    this.#tap = tap;
    this.#outgoing = side === 'csms' ? 'csms->station' : 'station->csms';
    this.#incoming = side === 'csms' ? 'station->csms' : 'csms->station';
  }

  /** True when a tap is installed (records need not be built otherwise). */
  get active(): boolean {
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
    if (tap === undefined) return;
    try {
      tap(this.#record(direction, facts, timeMs));
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

  /** The record of a frame: `messageId` and `action` only when known (no key otherwise). */
  #record(direction: FrameDirection, facts: FrameFacts, timeMs: number): FrameRecord {
    const { stationId, version } = this;
    const { messageType, messageId, action, raw, verdict } = facts;
    const violations = facts.violations ?? NO_VIOLATIONS;
    if (messageId !== undefined && action !== undefined) {
      return {
        timeMs,
        direction,
        stationId,
        version,
        messageType,
        messageId,
        action,
        raw,
        verdict,
        violations,
      };
    }
    if (messageId !== undefined) {
      return { timeMs, direction, stationId, version, messageType, messageId, raw, verdict, violations };
    }
    if (action !== undefined) {
      return { timeMs, direction, stationId, version, messageType, action, raw, verdict, violations };
    }
    return { timeMs, direction, stationId, version, messageType, raw, verdict, violations };
  }
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
