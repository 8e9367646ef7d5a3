import { normaliseErrorCode, OcppError, RpcTimeoutError } from '../../common/ocpp-errors.js';
import type { FrameRecord } from '../../common/rpc-types.js';
import type { StepStatus } from '../../reports/run-report.js';
import type {
  CaseStep,
  ConformanceCase,
  ExpectCallStep,
  ExpectNoCallStep,
  SendCallStep,
  SendRawStep,
} from './conformance-case.js';
import { Deviation, NotApplicable } from './case-result.js';
import { isNoise } from './default-answers.js';
import { capture, describePattern, matchFields } from './field-pattern.js';
import { instructionFor, type Operator } from './operator.js';
import type { PeerSession, ReceivedCall } from './peer-session.js';

/** How long the runner waits, in clock ms. */
export interface RunnerTimeouts {
  /** For a peer's message when the spec gives no time. Default 60 000. */
  readonly stepMs: number;
  /** For the peer's answer to a CALL. Default 30 000. */
  readonly responseMs: number;
  /** For an optional message before the case moves on. Default 5 000. */
  readonly optionalMs: number;
}

/** Default {@link RunnerTimeouts}. */
export const DEFAULT_TIMEOUTS: RunnerTimeouts = { stepMs: 60_000, responseMs: 30_000, optionalMs: 5_000 };

/** What a step runner needs besides the case. */
export interface StepRunnerContext {
  readonly session: PeerSession;
  readonly operator: Operator;
}

/**
 * Runs the steps of one case against the peer, each throwing a {@link Deviation} (FAIL) or
 * {@link NotApplicable} when it finds one, and judges the peer's frames as they come.
 */
export class StepRunner {
  #cursor: number;
  #checkedFrames: number;
  #rawCounter = 0;
  readonly #t: RunnerTimeouts;

  constructor(
    private readonly testCase: ConformanceCase,
    private readonly ctx: StepRunnerContext,
    timeouts: RunnerTimeouts,
  ) {
    this.#t = timeouts;
    this.#cursor = ctx.session.calls.length;
    this.#checkedFrames = ctx.session.frames.length;
  }

  get #session(): PeerSession {
    return this.ctx.session;
  }

  async step(step: CaseStep): Promise<StepStatus> {
    this.#session.vars['now'] = new Date(this.#session.wait.clock.now()).toISOString();
    switch (step.kind) {
      case 'expect-call':
        return this.#expectCall(step);
      case 'send-call':
        await this.#sendCall(step);
        return 'passed';
      case 'send-raw':
        await this.#sendRaw(step);
        return 'passed';
      case 'operator': {
        const action =
          step.action.kind === 'csms-command' && step.payloadFrom !== undefined
            ? { ...step.action, payload: step.payloadFrom(this.#session.vars) }
            : step.action;
        await this.ctx.operator.perform(action, instructionFor(action, this.#session.stationId));
        return 'passed';
      }
      case 'answer':
        this.#session.setAnswer(step.action, step.answer);
        return 'passed';
      case 'expect-no-call':
        await this.#expectNoCall(step);
        return 'passed';
      case 'wait':
        await this.#session.wait.pass(step.ms);
        return 'passed';
    }
  }

  /**
   * Judges the peer's frames since the last check: each must be valid against the schemas, and a
   * CALL's message id must be at most 36 characters and not reuse an earlier one.
   */
  checkSchemas(): void {
    const frames = this.#session.frames;
    const incoming = this.#session.side === 'csms' ? 'station->csms' : 'csms->station';
    for (; this.#checkedFrames < frames.length; this.#checkedFrames++) {
      const f = frames[this.#checkedFrames]!;
      if (f.direction !== incoming) continue;
      if (f.messageType === 'CALL' && f.messageId !== undefined) {
        if (f.messageId.length > 36) {
          throw new Deviation(
            `message id "${f.messageId}" is longer than 36 characters`,
            'a message id of at most 36 characters',
            f.raw,
          );
        }
        if (this.#session.reusedCallIds.has(f.messageId)) {
          throw new Deviation(
            `message id "${f.messageId}" of ${f.action ?? 'a CALL'} was used before`,
            'a message id not used before on this connection',
            f.raw,
          );
        }
      }
      if (f.verdict !== 'invalid') continue;
      const v = f.violations[0];
      const what = `${f.action ?? 'frame'} ${f.messageType}`;
      throw new Deviation(
        `schema: ${what} is not valid: ${v === undefined ? 'invalid' : `${v.pointer === '' ? '(payload)' : v.pointer} ${v.message}`}`,
        `a ${what} valid against the OCPP ${this.#session.version} schema`,
        f.raw,
      );
    }
  }

  /** A CSMS sends what it likes besides a case's commands (reports, profiles): only the case's own actions count. */
  #isNoise(c: ReceivedCall): boolean {
    if (this.#session.side === 'station') {
      return !this.testCase.steps.some((s) => s.kind === 'expect-call' && s.action === c.action);
    }
    return isNoise(c.action, c.payload, this.testCase.ignore, this.testCase.watch);
  }

  #nextSignificant(): ReceivedCall | undefined {
    const calls = this.#session.calls;
    for (let i = this.#cursor; i < calls.length; i++) {
      const c = calls[i]!;
      if (!this.#isNoise(c)) return c;
      this.#cursor = i + 1;
    }
    return undefined;
  }

  async #expectCall(step: ExpectCallStep): Promise<StepStatus> {
    const limit = step.withinMs ?? (step.optional === true ? this.#t.optionalMs : this.#t.stepMs);
    const expected = `${step.action} ${describePattern(step.fields)}`;
    if (step.answer !== undefined) this.#session.answerNext(step.action, step.answer);
    await this.#session.wait.until(() => this.#nextSignificant() !== undefined, limit);
    const call = this.#nextSignificant();
    if (call === undefined) {
      if (step.optional === true) return 'skipped';
      throw new Deviation(
        `expected ${step.action}, received nothing within ${limit / 1000} s`,
        expected,
        '(nothing)',
      );
    }
    const problem =
      call.action !== step.action
        ? `expected ${step.action}, received ${call.action}`
        : step.fields === undefined
          ? undefined
          : matchFields(call.payload, step.fields, this.#session.vars);
    if (problem !== undefined) {
      if (step.optional === true) return 'skipped';
      throw new Deviation(
        call.action === step.action ? `${step.action}: ${problem}` : problem,
        expected,
        call.raw,
      );
    }
    this.#cursor = call.index + 1;
    capture(call.payload, step.capture, this.#session.vars);
    return 'passed';
  }

  async #expectNoCall(step: ExpectNoCallStep): Promise<void> {
    const from = this.#cursor;
    const offending = (): ReceivedCall | undefined =>
      this.#session.calls
        .slice(from)
        .find(
          (c) =>
            c.action === step.action &&
            (step.fields === undefined ||
              matchFields(c.payload, step.fields, this.#session.vars) === undefined),
        );
    await this.#session.wait.until(() => offending() !== undefined, step.forMs);
    const found = offending();
    if (found !== undefined) {
      throw new Deviation(
        `expected no ${step.action} for ${step.forMs / 1000} s, received one`,
        `no ${step.action} ${describePattern(step.fields)}`,
        found.raw,
      );
    }
  }

  async #sendCall(step: SendCallStep): Promise<void> {
    const session = this.#session;
    const payload = typeof step.payload === 'function' ? step.payload(session.vars) : step.payload;
    const limit = step.withinMs ?? this.#t.responseMs;
    const outcome = await session.wait.settle(
      session.endpoint.call(step.action, payload, { timeoutMs: limit }),
      limit + 1,
    );
    const answerFrame = (): string => this.#lastAnswerRaw() ?? '(nothing)';
    if (outcome === 'timeout' || (!outcome.ok && outcome.error instanceof RpcTimeoutError)) {
      throw new Deviation(
        `${step.action}: no answer within ${limit / 1000} s`,
        step.expectError === undefined ? `a CALLRESULT ${describePattern(step.expect)}` : `a CALLERROR`,
        '(nothing)',
      );
    }
    const wanted = step.expectError === undefined ? undefined : [step.expectError].flat();
    if (!outcome.ok) {
      const err = outcome.error;
      if (!(err instanceof OcppError)) throw err;
      if (wanted !== undefined && wanted.some((c) => normaliseErrorCode(c) === normaliseErrorCode(err.code)))
        return;
      throw new Deviation(
        `${step.action}: answered CALLERROR ${err.code} (${err.description})`,
        wanted === undefined
          ? `a CALLRESULT ${describePattern(step.expect)}`
          : `a CALLERROR ${wanted.join(' or ')}`,
        answerFrame(),
      );
    }
    if (wanted !== undefined) {
      throw new Deviation(
        `${step.action}: expected CALLERROR ${wanted.join(' or ')}, received a CALLRESULT`,
        `a CALLERROR ${wanted.join(' or ')}`,
        answerFrame(),
      );
    }
    const result = outcome.value as Record<string, unknown>;
    if (step.applicableIf !== undefined) {
      if (matchFields(result, step.applicableIf.fields, session.vars) !== undefined) {
        throw new NotApplicable(step.applicableIf.otherwise);
      }
    }
    if (step.expect !== undefined) {
      const problem = matchFields(result, step.expect, session.vars);
      if (problem !== undefined) {
        throw new Deviation(`${step.action} answer: ${problem}`, describePattern(step.expect), answerFrame());
      }
    }
    capture(result, step.capture, session.vars);
  }

  async #sendRaw(step: SendRawStep): Promise<void> {
    const session = this.#session;
    const id = `raw-${this.testCase.id}-${++this.#rawCounter}`;
    const frame = step.frame.replaceAll('{id}', id);
    const from = session.frames.length;
    const incoming = session.side === 'csms' ? 'station->csms' : 'csms->station';
    const wanted = [step.expectError].flat();
    const answer = (): FrameRecord | undefined =>
      session.frames
        .slice(from)
        .find(
          (f) =>
            f.direction === incoming &&
            (f.messageType === 'CALLERROR' || f.messageType === 'CALLRESULT') &&
            (f.messageId === id || !frame.includes(id) || f.messageId === '-1' || f.messageId === ''),
        );
    await session.endpoint.sendRaw(frame);
    const limit = step.withinMs ?? this.#t.responseMs;
    await session.wait.until(() => answer() !== undefined, limit);
    const got = answer();
    const expected = `a CALLERROR ${wanted.join(' or ')}`;
    if (got === undefined)
      throw new Deviation(`no answer to a bad frame within ${limit / 1000} s`, expected, '(nothing)');
    if (got.messageType !== 'CALLERROR')
      throw new Deviation('a bad frame was answered with a CALLRESULT', expected, got.raw);
    const code = errorCodeOf(got.raw);
    if (!wanted.some((c) => normaliseErrorCode(c) === normaliseErrorCode(code ?? ''))) {
      throw new Deviation(`a bad frame was answered with error code ${code ?? '(none)'}`, expected, got.raw);
    }
  }

  #lastAnswerRaw(): string | undefined {
    const frames = this.#session.frames;
    const incoming = this.#session.side === 'csms' ? 'station->csms' : 'csms->station';
    for (let i = frames.length - 1; i >= 0; i--) {
      const f = frames[i]!;
      if (f.direction === incoming && (f.messageType === 'CALLRESULT' || f.messageType === 'CALLERROR'))
        return f.raw;
    }
    return undefined;
  }
}

function errorCodeOf(raw: string): string | undefined {
  try {
    const parsed = JSON.parse(raw) as unknown;
    return Array.isArray(parsed) && typeof parsed[2] === 'string' ? parsed[2] : undefined;
  } catch {
    return undefined;
  }
}
