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
    const record: FrameRecord = {
      timeMs,
      direction,
      stationId: this.stationId,
      version: this.version,
      messageType: facts.messageType,
      ...(facts.messageId === undefined ? {} : { messageId: facts.messageId }),
      ...(facts.action === undefined ? {} : { action: facts.action }),
      raw: facts.raw,
      verdict: facts.verdict,
      violations: facts.violations ?? [],
    };
    try {
      tap(record);
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
}

/** Verdict and violations of a validation result, as a tap records them. */
export function verdictOf(result: ValidationResult | undefined): Pick<FrameFacts, 'verdict' | 'violations'> {
  if (result === undefined) return { verdict: 'unchecked', violations: [] };
  return result.ok
    ? { verdict: 'valid', violations: [] }
    : { verdict: 'invalid', violations: result.violations };
}

/** One line naming a violation: where it is and what to change. */
export function describeViolation(v: Violation): string {
  return `${v.pointer === '' ? '(payload)' : v.pointer}: ${v.message}`;
}
