import type { OcppVersion } from '../../common/ocpp-version.js';
import type { RpcEndpoint } from '../../common/rpc-endpoint.js';
import type { FrameRecord, RpcSide } from '../../common/rpc-types.js';
import { OcppError } from '../../common/ocpp-errors.js';
import { actionsOf } from '../../schemas/actions.js';
import type { Answer, AnswerError, CaseVars } from './conformance-case.js';
import type { ClockWait } from './clock-wait.js';

/** A CALL the peer sent, as received. */
export interface ReceivedCall {
  /** Position in the session (0-based), over every connection of the peer. */
  readonly index: number;
  readonly action: string;
  readonly messageId: string;
  readonly payload: Record<string, unknown>;
  readonly raw: string;
  readonly timeMs: number;
}

/** Default answers of the harness's side, by action (built per version). */
export type DefaultAnswers = Readonly<Record<string, Answer>>;

/**
 * The harness's side of the conversation with the peer under test (a charger or a CSMS): the
 * current RPC endpoint (in 'record' strictness, so the peer's frames pass as sent and only get a
 * verdict), every frame in order, every CALL the peer sent, and how those CALLs are answered.
 * A charger that reconnects gets a new endpoint; the session carries on.
 */
export class PeerSession {
  readonly frames: FrameRecord[] = [];
  readonly calls: ReceivedCall[] = [];
  readonly wait: ClockWait;
  /** Values captured by the running case. */
  vars: CaseVars = {};
  /** Values every case starts with (e.g. the id tag the CSMS under test accepts). */
  baseVars: CaseVars = {};
  /** Message ids the peer used for more than one CALL on one connection. */
  readonly reusedCallIds = new Set<string>();
  #seenCallIds = new Set<string>();
  #endpoint: RpcEndpoint | undefined;
  #answers = new Map<string, Answer>();
  #counts = new Map<string, number>();
  #connections = 0;

  constructor(
    readonly version: OcppVersion,
    /** The side the harness plays. */
    readonly side: RpcSide,
    readonly stationId: string,
    wait: ClockWait,
    private readonly defaults: DefaultAnswers,
  ) {
    this.wait = wait;
  }

  /** The current endpoint; throws when the peer is not connected. */
  get endpoint(): RpcEndpoint {
    if (this.#endpoint === undefined) throw new Error(`${this.stationId} is not connected`);
    return this.#endpoint;
  }

  /** True while a connection is open. */
  get connected(): boolean {
    return this.#endpoint !== undefined;
  }

  /** How many connections the peer has made (or the harness has opened). */
  get connections(): number {
    return this.#connections;
  }

  /** Records a frame (the endpoint's tap). */
  readonly tap = (record: FrameRecord): void => {
    const incoming = this.side === 'csms' ? 'station->csms' : 'csms->station';
    if (record.direction === incoming && record.messageType === 'CALL' && record.messageId !== undefined) {
      if (this.#seenCallIds.has(record.messageId)) this.reusedCallIds.add(record.messageId);
      this.#seenCallIds.add(record.messageId);
    }
    this.frames.push(record);
    this.wait.nudge();
  };

  /** Takes over a newly opened endpoint: answers every action the peer may send. */
  attach(endpoint: RpcEndpoint): void {
    this.#endpoint = endpoint;
    this.#connections++;
    this.#seenCallIds = new Set();
    const incoming = this.side === 'csms' ? 'station->csms' : 'csms->station';
    for (const info of actionsOf(this.version)) {
      if (!info.directions.includes(incoming)) continue;
      endpoint.handle(info.action, (payload, ctx) => {
        const request = (payload ?? {}) as Record<string, unknown>;
        this.calls.push({
          index: this.calls.length,
          action: ctx.action,
          messageId: ctx.messageId,
          payload: request,
          raw: this.#rawOf(ctx.messageId),
          timeMs: ctx.receivedAtMs,
        });
        this.wait.nudge();
        return this.#answer(ctx.action, request);
      });
    }
    endpoint.onClose(() => {
      if (this.#endpoint === endpoint) this.#endpoint = undefined;
      this.wait.nudge();
    });
  }

  /** Starts a case: fresh captured values, the case's answers over the defaults, counts from 0. */
  beginCase(answers: Readonly<Record<string, Answer>> | undefined): void {
    this.vars = { ...this.baseVars };
    this.#answers = new Map(Object.entries({ ...this.defaults, ...(answers ?? {}) }));
    this.#counts = new Map();
  }

  /** Answers `action` with `answer` from now on (in the running case). */
  setAnswer(action: string, answer: Answer): void {
    this.#answers.set(action, answer);
  }

  /** One-off answer for the next CALL of `action`, then the previous answer again. */
  answerNext(action: string, answer: Answer): void {
    const previous = this.#answers.get(action);
    let used = false;
    this.#answers.set(action, (req, vars, n) => {
      if (used) return resolveAnswer(previous ?? {}, req, vars, n, this.wait.clock.now());
      used = true;
      if (previous !== undefined) this.#answers.set(action, previous);
      return resolveAnswer(answer, req, vars, n, this.wait.clock.now());
    });
  }

  #answer(action: string, request: Record<string, unknown>): Record<string, unknown> {
    const n = (this.#counts.get(action) ?? 0) + 1;
    this.#counts.set(action, n);
    const answer = this.#answers.get(action) ?? this.defaults[action] ?? {};
    const result = resolveAnswer(answer, request, this.vars, n, this.wait.clock.now());
    if (isAnswerError(result)) {
      throw new OcppError(
        result.callError,
        result.description ?? `answered ${result.callError} by the test case`,
      );
    }
    return result;
  }

  #rawOf(messageId: string): string {
    for (let i = this.frames.length - 1; i >= 0; i--) {
      const f = this.frames[i]!;
      if (f.messageId === messageId && f.messageType === 'CALL' && f.direction !== this.#outgoing())
        return f.raw;
    }
    return '';
  }

  #outgoing(): FrameRecord['direction'] {
    return this.side === 'csms' ? 'csms->station' : 'station->csms';
  }
}

function resolveAnswer(
  answer: Answer,
  request: Record<string, unknown>,
  vars: CaseVars,
  n: number,
  nowMs: number,
): Record<string, unknown> | AnswerError {
  return typeof answer === 'function' ? answer(request, vars, n, nowMs) : answer;
}

function isAnswerError(value: Record<string, unknown> | AnswerError): value is AnswerError {
  return typeof (value as { callError?: unknown }).callError === 'string';
}
