import { errorCodeFor } from '../../common/ocpp-errors.js';
import type { RpcErrorKind } from '../../common/ocpp-errors.js';
import type { FrameDirection, FrameRecord, Violation } from '../../common/rpc-types.js';
import type { OcppVersion } from '../../common/ocpp-version.js';

/** A schema violation for a synthetic frame. */
export interface ViolationSpec {
  readonly pointer: string;
  readonly message: string;
  readonly kind: RpcErrorKind;
}

/**
 * Makes the frames of a synthetic station: CALLs and their CALLRESULTs with message ids from a
 * counter, as an RpcEndpoint would record them.
 */
export class SyntheticFrames {
  #nextId = 1;

  constructor(
    readonly stationId: string,
    readonly version: OcppVersion,
    private readonly sink: (record: FrameRecord) => void,
  ) {}

  /** A CALL and its CALLRESULT, `latencyMs` apart. */
  exchange(
    timeMs: number,
    direction: FrameDirection,
    action: string,
    request: unknown,
    response: unknown,
    options: { latencyMs?: number; violations?: readonly ViolationSpec[] } = {},
  ): void {
    const id = String(this.#nextId++);
    this.sink(
      this.#record(
        timeMs,
        direction,
        'CALL',
        id,
        action,
        JSON.stringify([2, id, action, request]),
        options.violations,
      ),
    );
    const back: FrameDirection = direction === 'station->csms' ? 'csms->station' : 'station->csms';
    this.sink(
      this.#record(
        timeMs + (options.latencyMs ?? 40),
        back,
        'CALLRESULT',
        id,
        action,
        JSON.stringify([3, id, response]),
      ),
    );
  }

  /** A frame that is not OCPP-J at all (sent by a faulty station). */
  malformed(timeMs: number, raw: string): void {
    this.sink({
      timeMs,
      direction: 'station->csms',
      stationId: this.stationId,
      version: this.version,
      messageType: 'INVALID',
      raw,
      verdict: 'invalid',
      violations: [
        {
          pointer: '',
          message: 'frame is not a JSON array',
          kind: 'bad-frame',
          code: errorCodeFor(this.version, 'bad-frame'),
        },
      ],
    });
  }

  #record(
    timeMs: number,
    direction: FrameDirection,
    messageType: 'CALL' | 'CALLRESULT',
    messageId: string,
    action: string,
    raw: string,
    violations: readonly ViolationSpec[] = [],
  ): FrameRecord {
    const vs: Violation[] = violations.map((v) => ({ ...v, code: errorCodeFor(this.version, v.kind) }));
    return {
      timeMs,
      direction,
      stationId: this.stationId,
      version: this.version,
      messageType,
      messageId,
      action,
      raw,
      verdict: vs.length > 0 ? 'invalid' : 'valid',
      violations: vs,
    };
  }
}
