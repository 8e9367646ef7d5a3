import type { Clock, TimerHandle } from './clock.js';
import { describeViolation, verdictOf, type FrameRecorder } from './frame-recorder.js';
import { jsonBytesAtMost } from './json-copy.js';
import {
  callFrame,
  callText,
  type ParsedCall,
  type ParsedCallError,
  type ParsedCallResult,
} from './ocpp-frame.js';
import { utf8BytesOver } from './utf8-bytes.js';
import { ConnectionClosedError, OcppError, RpcTimeoutError } from './ocpp-errors.js';
import type { OcppVersion } from './ocpp-version.js';
import { CALL, type FrameValidator, type ValidationResult } from './rpc-types.js';

/** A `call()` waiting to be sent or answered. */
export interface OutgoingCall {
  readonly action: string;
  /**
   * The payload, already serialised (so later changes to the caller's object do not leak in);
   * undefined when its copy is sent parsed alone and its text is built only if it must be.
   */
  readonly payloadJson: string | undefined;
  /**
   * The payload as `JSON.parse(payloadJson)` gives it, when the connection carries parsed frames
   * and the payload could be copied; undefined otherwise (then `payloadJson` is given).
   */
  readonly payloadCopy: unknown;
  readonly timeoutMs: number;
  /** The request's validation, for the record (undefined when no schema applies). */
  readonly check: ValidationResult | undefined;
  readonly resolve: (payload: unknown) => void;
  readonly reject: (err: Error) => void;
}

/** What the queue needs from its endpoint. */
export interface CallQueueHost {
  readonly clock: Clock;
  readonly recorder: FrameRecorder;
  readonly validator: FrameValidator;
  readonly version: OcppVersion;
  readonly strict: boolean;
  readonly maxFrameBytes: number;
  nextMessageId(): string;
  isOpen(): boolean;
  /**
   * Writes a frame, and its parsed form when there is one, to the connection; without text, the
   * parsed form alone with the bound on its text's size.
   */
  transmit(
    text: string | undefined,
    parsed: ParsedCall | undefined,
    bytesAtMost: number | undefined,
  ): Promise<void>;
}

interface Outstanding {
  readonly call: OutgoingCall;
  readonly messageId: string;
  readonly timer: TimerHandle;
}

/** How many answerless message ids are remembered to name the action of a late answer. */
const LATE_IDS_KEPT = 256;

/**
 * Outgoing CALLs of one endpoint: at most one outstanding, the rest queued in order and sent as
 * the previous settles; each with a timeout on the endpoint's clock.
 */
export class CallQueue {
  readonly #host: CallQueueHost;
  readonly #queue: OutgoingCall[] = [];
  #outstanding: Outstanding | undefined;
  /** CALLs whose answer is only recorded (timed out, or sent raw): message id -> action. */
  readonly #late = new Map<string, string>();
  #closedBecause: string | undefined;

  constructor(host: CallQueueHost) {
    this.#host = host;
  }

  /** Calls not yet answered: the outstanding one and those queued behind it. */
  get pending(): number {
    return this.#queue.length + (this.#outstanding === undefined ? 0 : 1);
  }

  /** Queues a call and sends it when its turn comes. */
  enqueue(call: OutgoingCall): void {
    if (this.#closedBecause !== undefined) {
      call.reject(new ConnectionClosedError(`${call.action} not sent: ${this.#closedBecause}`));
      return;
    }
    this.#queue.push(call);
    this.#pump();
  }

  /** Remembers a CALL sent outside the queue (raw): its answer is recorded with its action and ignored. */
  expectUnqueuedAnswer(messageId: string, action: string): void {
    this.#rememberLate(messageId, action);
  }

  /** The action of an outstanding or timed-out CALL with this id, if any. */
  actionOf(messageId: string): string | undefined {
    if (this.#outstanding?.messageId === messageId) return this.#outstanding.call.action;
    return this.#late.get(messageId);
  }

  /** Handles a received CALLRESULT (recording it); an unknown or late id is recorded and ignored. */
  onResult(frame: ParsedCallResult, raw: string | undefined, receivedAtMs: number): void {
    const out = this.#take(frame.messageId);
    const { recorder } = this.#host;
    const action = out === undefined ? this.#late.get(frame.messageId) : out.call.action;
    const check = this.#checkResponse(action, frame.payload);
    if (recorder.active) {
      recorder.received(
        { messageType: 'CALLRESULT', messageId: frame.messageId, action, raw, ...verdictOf(check) },
        receivedAtMs,
      );
    }
    if (out === undefined) return;
    if (check !== undefined && !check.ok && this.#host.strict) {
      const first = check.violations[0]!;
      out.call.reject(
        new OcppError(first.code, `${action} response failed validation: ${describeViolation(first)}`, {
          violations: check.violations,
        }),
      );
    } else {
      out.call.resolve(frame.payload);
    }
    this.#pump();
  }

  /** Handles a received CALLERROR: the matching call rejects with an OcppError. */
  onError(frame: ParsedCallError, raw: string | undefined, receivedAtMs: number): void {
    const out = this.#take(frame.messageId);
    const action = out?.call.action ?? this.#late.get(frame.messageId);
    if (this.#host.recorder.active) {
      this.#host.recorder.received(
        { messageType: 'CALLERROR', messageId: frame.messageId, action, raw, verdict: 'unchecked' },
        receivedAtMs,
      );
    }
    if (out === undefined) return;
    out.call.reject(new OcppError(frame.errorCode, frame.errorDescription, frame.errorDetails));
    this.#pump();
  }

  /**
   * Fails the outstanding call when the answer to it arrived malformed (its frame could be read
   * only as far as the message id); the next call goes out.
   */
  onMalformedAnswer(messageId: string, error: OcppError): void {
    const out = this.#take(messageId);
    if (out === undefined) return;
    out.call.reject(error);
    this.#pump();
  }

  /** Rejects the outstanding and every queued call: the connection closed. */
  closeAll(because: string): void {
    this.#closedBecause = because;
    const out = this.#outstanding;
    this.#outstanding = undefined;
    if (out !== undefined) {
      this.#host.clock.clearTimer(out.timer);
      out.call.reject(new ConnectionClosedError(`${out.call.action} not answered: ${because}`));
    }
    for (const call of this.#queue.splice(0)) {
      call.reject(new ConnectionClosedError(`${call.action} not sent: ${because}`));
    }
  }

  #checkResponse(action: string | undefined, payload: unknown): ValidationResult | undefined {
    const { validator, version } = this.#host;
    if (action === undefined || !validator.hasAction(version, action)) return undefined;
    return validator.validate(version, action, 'response', payload);
  }

  #take(messageId: string): Outstanding | undefined {
    const out = this.#outstanding;
    if (out === undefined || out.messageId !== messageId) return undefined;
    this.#outstanding = undefined;
    this.#host.clock.clearTimer(out.timer);
    return out;
  }

  #pump(): void {
    const host = this.#host;
    while (this.#outstanding === undefined && this.#queue.length > 0) {
      const call = this.#queue.shift()!;
      if (!host.isOpen()) {
        call.reject(new ConnectionClosedError(`${call.action} not sent: the connection is closed`));
        continue;
      }
      const messageId = host.nextMessageId();
      const parsed =
        call.payloadCopy === undefined ? undefined : callFrame(messageId, call.action, call.payloadCopy);
      // Sent parsed alone, the frame's text is built only when its size bound passes the limit.
      const bytesAtMost =
        call.payloadJson === undefined && parsed !== undefined
          ? jsonBytesAtMost([CALL, messageId, call.action, parsed.payload])
          : undefined;
      const text =
        bytesAtMost !== undefined && bytesAtMost <= host.maxFrameBytes
          ? undefined
          : callText(messageId, call.action, call.payloadJson ?? JSON.stringify(call.payloadCopy));
      const bytes = text === undefined ? undefined : utf8BytesOver(text, host.maxFrameBytes);
      if (bytes !== undefined) {
        call.reject(
          new Error(
            `${call.action} not sent: its frame is ${bytes} bytes, over the limit of ${host.maxFrameBytes} bytes`,
          ),
        );
        continue;
      }
      const timer = host.clock.setTimer(() => this.#timeout(messageId), call.timeoutMs);
      this.#outstanding = { call, messageId, timer };
      if (host.recorder.active) {
        host.recorder.sent({
          messageType: 'CALL',
          messageId,
          action: call.action,
          raw: text,
          ...verdictOf(call.check),
        });
      }
      host.transmit(text, parsed, bytesAtMost).catch((err: unknown) => {
        const out = this.#take(messageId);
        if (out === undefined) return;
        out.call.reject(err instanceof Error ? err : new ConnectionClosedError(String(err)));
        this.#pump();
      });
    }
  }

  #timeout(messageId: string): void {
    const out = this.#take(messageId);
    if (out === undefined) return;
    this.#rememberLate(messageId, out.call.action);
    out.call.reject(new RpcTimeoutError(out.call.action, out.call.timeoutMs));
    this.#pump();
  }

  #rememberLate(messageId: string, action: string): void {
    this.#late.delete(messageId);
    this.#late.set(messageId, action);
    if (this.#late.size > LATE_IDS_KEPT) this.#late.delete(this.#late.keys().next().value!);
  }
}
