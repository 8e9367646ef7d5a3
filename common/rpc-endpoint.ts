import type { Clock } from './clock.js';
import { FrameRecorder, describeViolation, type FrameFacts } from './frame-recorder.js';
import { checkMaxFrameBytes } from './handshake.js';
import { ConnectionClosedError, OcppError } from './ocpp-errors.js';
import { jsonCopy } from './json-copy.js';
import {
  frameText,
  isFrameParseError,
  parseFrame,
  type ParsedCall,
  type ParsedCallResult,
  type ParsedFrame,
} from './ocpp-frame.js';
import { utf8BytesOver } from './utf8-bytes.js';
import { rawFrameFacts } from './rpc-raw-frame.js';
import { subprotocolOf, type OcppVersion } from './ocpp-version.js';
import { CallQueue } from './rpc-call-queue.js';
import { answerCall, answerMalformed, type CallHandler, type IncomingHost } from './rpc-incoming-call.js';
import type { ActionMap, FrameValidator, RpcSide, UntypedActions, ValidationResult } from './rpc-types.js';
import { DEFAULT_MAX_FRAME_BYTES, type Connection } from './transport.js';
import { checkTimeout, warnHandlerError, type RpcEndpointOptions } from './rpc-endpoint-options.js';

export type { RpcEndpointOptions } from './rpc-endpoint-options.js';
export type { CallContext, CallHandler } from './rpc-incoming-call.js';

/**
 * OCPP-J over one connection: CALL / CALLRESULT / CALLERROR framing, one outstanding CALL per
 * direction (further calls queue), per-call timeouts on the injected clock, schema validation both
 * ways, and a tap that sees every frame with its verdict.
 *
 * Incoming frames that are not OCPP-J are answered with the version's CALLERROR (message id "-1"
 * when none can be read) and the connection stays usable. A handler throwing an {@link OcppError}
 * answers with that error; anything else becomes an InternalError with a safe description. A
 * handler response that fails validation in 'reject' mode becomes an InternalError whose tap
 * record carries the response's violations.
 *
 * @typeParam Out actions this side sends (e.g. `V16CsmsToStation` on a CSMS)
 * @typeParam In actions this side receives and handles
 */
export class RpcEndpoint<Out extends ActionMap = UntypedActions, In extends ActionMap = UntypedActions> {
  readonly stationId: string;
  readonly version: OcppVersion;
  readonly side: RpcSide;
  readonly #connection: Connection;
  /** The peer takes frames' parsed forms: calls and answers send theirs. */
  readonly #carriesParsed: boolean;
  /**
   * Calls go as their parsed form alone: the peer takes them so, and no tap reads their text here
   * (it is built only if the peer's own tap reads it, or the size limit needs it).
   */
  readonly #sendsParsedAlone: boolean;
  readonly #clock: Clock;
  readonly #validator: FrameValidator;
  readonly #strict: boolean;
  readonly #callTimeoutMs: number;
  readonly #maxFrameBytes: number;
  readonly #recorder: FrameRecorder;
  readonly #calls: CallQueue;
  readonly #incoming: IncomingHost;
  readonly #handlers = new Map<string, CallHandler<unknown, unknown>>();
  readonly #closeListeners: ((code: number, reason: string) => void)[] = [];
  #closed: { code: number; reason: string } | undefined;

  constructor(options: RpcEndpointOptions) {
    const { connection, version, side, clock, validator } = options;
    if (connection.protocol !== subprotocolOf(version)) {
      throw new Error(
        `version ${version} does not match the connection's negotiated subprotocol ${connection.protocol}: ` +
          `use version ${connection.protocol === 'ocpp1.6' ? '1.6' : '2.0.1'}`,
      );
    }
    if (side !== 'csms' && side !== 'station')
      throw new Error(`side must be 'csms' or 'station', got ${String(side)}`);
    const strictness = options.strictness ?? 'reject';
    if (strictness !== 'reject' && strictness !== 'record') {
      throw new Error(`strictness must be 'reject' or 'record', got ${String(strictness)}`);
    }
    this.#callTimeoutMs = checkTimeout('callTimeoutMs', options.callTimeoutMs ?? 30_000);
    this.#maxFrameBytes = checkMaxFrameBytes(options.maxFrameBytes, DEFAULT_MAX_FRAME_BYTES);
    this.stationId = connection.stationId;
    this.version = version;
    this.side = side;
    this.#connection = connection;
    this.#carriesParsed = connection.carriesParsed === true;
    this.#clock = clock;
    this.#validator = validator;
    this.#strict = strictness === 'reject';
    this.#recorder = new FrameRecorder(
      options.tap,
      side,
      this.stationId,
      version,
      () => clock.now(),
      options.count,
    );
    this.#sendsParsedAlone =
      this.#carriesParsed && connection.sendParsed !== undefined && !this.#recorder.readsText;
    let counter = 0;
    const nextMessageId = options.messageIds ?? (() => String(++counter));
    this.#calls = new CallQueue({
      clock,
      recorder: this.#recorder,
      validator,
      version,
      strict: this.#strict,
      maxFrameBytes: this.#maxFrameBytes,
      nextMessageId,
      isOpen: () => this.#closed === undefined && connection.isOpen,
      transmit: (text, parsed, bytesAtMost) =>
        text === undefined ? connection.sendParsed!(parsed!, bytesAtMost!) : connection.send(text, parsed),
    });
    this.#incoming = {
      version,
      stationId: this.stationId,
      validator,
      strict: this.#strict,
      maxFrameBytes: this.#maxFrameBytes,
      recorder: this.#recorder,
      pending: new Map(),
      handlerOf: (action) => this.#handlers.get(action),
      onHandlerError: options.onHandlerError ?? warnHandlerError,
      carriesParsed: this.#carriesParsed,
      reply: (facts, parsed) => this.#reply(facts, parsed),
    };
    if (connection.onParsedMessage !== undefined) {
      connection.onParsedMessage((text, parsed, bytesAtMost) => this.#onFrame(text, parsed, bytesAtMost));
    } else {
      connection.onMessage((text, parsed) => this.#onFrame(text, parsed, undefined));
    }
    connection.onClose((code, reason) => this.#onClose(code, reason));
  }

  /**
   * Sends a CALL and resolves with the peer's CALLRESULT payload. Rejects with {@link OcppError}
   * (the peer's CALLERROR, or in 'reject' mode an invalid payload either way), `RpcTimeoutError`
   * or {@link ConnectionClosedError}. Calls are sent one at a time, in the order made.
   */
  call<A extends keyof Out & string>(
    action: A,
    payload: Out[A]['request'],
    options?: { timeoutMs?: number },
  ): Promise<Out[A]['response']> {
    return new Promise<Out[A]['response']>((resolve, reject) => {
      if (this.#closed !== undefined || !this.#connection.isOpen) {
        throw new ConnectionClosedError(`${action} not sent: the connection of ${this.stationId} is closed`);
      }
      const asked = options?.timeoutMs;
      const timeoutMs = asked === undefined ? this.#callTimeoutMs : checkTimeout('timeoutMs', asked);
      const known = this.#validator.hasAction(this.version, action);
      if (!known && this.#strict) {
        throw OcppError.of(
          this.version,
          'unknown-action',
          `${action} is not an action of OCPP ${this.version}`,
        );
      }
      const check = known ? this.#validator.validate(this.version, action, 'request', payload) : undefined;
      if (check !== undefined && !check.ok && this.#strict) {
        const first = check.violations[0]!;
        throw new OcppError(first.code, `${action} request not sent: ${describeViolation(first)}`, {
          violations: check.violations,
        });
      }
      const payloadCopy = this.#carriesParsed ? jsonCopy(payload) : undefined;
      // Printed now only when the copy does not go alone (the text is then built where it is read).
      const payloadJson =
        payloadCopy !== undefined && this.#sendsParsedAlone ? undefined : JSON.stringify(payload);
      if (payloadCopy === undefined && payloadJson === undefined) {
        throw new TypeError(`${action} payload must be a JSON object`);
      }
      this.#calls.enqueue({
        action,
        payloadJson,
        payloadCopy,
        timeoutMs,
        check,
        resolve,
        reject,
      });
    });
  }

  /** Registers the handler of an incoming action (a later registration replaces it). */
  handle<A extends keyof In & string>(
    action: A,
    handler: CallHandler<In[A]['request'], In[A]['response']>,
  ): void {
    if (typeof handler !== 'function') throw new TypeError(`handler for ${action} must be a function`);
    this.#handlers.set(action, handler);
  }

  /**
   * Sends a text frame exactly as given, bypassing validation and the call queue (fault injection,
   * conformance tests). It is tapped with its verdict; answers to a raw CALL are tapped and ignored.
   */
  sendRaw(text: string): Promise<void> {
    if (this.#closed !== undefined || !this.#connection.isOpen) {
      return Promise.reject(new ConnectionClosedError(`the connection of ${this.stationId} is closed`));
    }
    const facts = rawFrameFacts(
      text,
      this.#recorder,
      (action, kind, payload) => this.#check(action, kind, payload),
      (id) => this.#incoming.pending.get(id),
    );
    if (facts.messageType === 'CALL') this.#calls.expectUnqueuedAnswer(facts.messageId!, facts.action!);
    this.#recorder.sent(facts);
    return this.#connection.send(text);
  }

  /** Registers a listener for the connection's close (code and reason). */
  onClose(listener: (code: number, reason: string) => void): void {
    if (this.#closed !== undefined) {
      const { code, reason } = this.#closed;
      queueMicrotask(() => listener(code, reason));
      return;
    }
    this.#closeListeners.push(listener);
  }

  /** Closes the connection (1000 by default); outstanding and queued calls reject. */
  close(code = 1000, reason = ''): Promise<void> {
    return this.#connection.close(code, reason);
  }

  /** CALLs sent or queued and not yet answered. */
  get pendingCalls(): number {
    return this.#calls.pending;
  }

  #onFrame(
    frame: string | undefined,
    parsedBySender: ParsedFrame | undefined,
    bytesAtMost: number | undefined,
  ): void {
    const receivedAtMs = this.#clock.now();
    // A frame sent parsed alone gets its text only when a tap here reads it or its size bound
    // passes the limit: built from the parsed form before any handler can change it.
    const text =
      frame === undefined && (this.#recorder.readsText || bytesAtMost! > this.#maxFrameBytes)
        ? frameText(parsedBySender as ParsedCall | ParsedCallResult)
        : frame;
    const bytes = text === undefined ? undefined : utf8BytesOver(text, this.#maxFrameBytes);
    if (bytes !== undefined) {
      const message = `frame of ${bytes} bytes is over the limit of ${this.#maxFrameBytes} bytes`;
      const violations = [this.#recorder.violation('bad-frame', message)];
      this.#recorder.received(
        { messageType: 'INVALID', raw: text, verdict: 'invalid', violations },
        receivedAtMs,
      );
      this.#connection.close(1009, 'frame too large').catch(() => undefined); // it is already closing
      return;
    }
    // A frame that came without its parsed form came with its text.
    const parsed = parsedBySender ?? parseFrame(text!);
    if (isFrameParseError(parsed)) {
      const raw = text!;
      // A CALLRESULT/CALLERROR too broken to read still settles the call it answers.
      if (parsed.messageId !== undefined && /^\s*\[\s*[34]\s*,/.test(raw)) {
        const description = `malformed answer: ${parsed.message}`;
        this.#calls.onMalformedAnswer(parsed.messageId, OcppError.of(this.version, parsed.kind, description));
      }
      answerMalformed(this.#incoming, parsed, raw, receivedAtMs).catch((err: unknown) =>
        process.emitWarning(`answering a malformed frame of ${this.stationId} failed: ${String(err)}`),
      );
    } else if (parsed.type === 'CALLRESULT') {
      this.#calls.onResult(parsed, text, receivedAtMs);
    } else if (parsed.type === 'CALLERROR') {
      this.#calls.onError(parsed, text, receivedAtMs);
    } else {
      answerCall(this.#incoming, parsed, text, receivedAtMs).catch((err: unknown) =>
        process.emitWarning(`answering ${parsed.action} of ${this.stationId} failed: ${String(err)}`),
      );
    }
  }

  /** Records and sends an answer; the connection closing meanwhile is not an error (nobody is left to answer). */
  #reply(facts: FrameFacts & { readonly raw: string }, parsed?: ParsedCallResult): Promise<void> {
    if (this.#closed !== undefined || !this.#connection.isOpen) return Promise.resolve();
    this.#recorder.sent(facts);
    return this.#connection.send(facts.raw, parsed).catch(ignoreClosed);
  }

  #onClose(code: number, reason: string): void {
    if (this.#closed !== undefined) return;
    this.#closed = { code, reason };
    this.#calls.closeAll(
      `the connection of ${this.stationId} closed (${code}${reason === '' ? '' : ` ${reason}`})`,
    );
    for (const listener of this.#closeListeners.splice(0)) {
      try {
        listener(code, reason);
      } catch (err) {
        process.emitWarning(`close listener of ${this.stationId} threw: ${String(err)}`);
      }
    }
  }

  #check(
    action: string | undefined,
    kind: 'request' | 'response',
    payload: unknown,
  ): ValidationResult | undefined {
    if (action === undefined || !this.#validator.hasAction(this.version, action)) return undefined;
    return this.#validator.validate(this.version, action, kind, payload);
  }
}

/** A send that failed because the connection closed meanwhile is not an error: nobody is left to answer. */
function ignoreClosed(err: unknown): void {
  if (!(err instanceof ConnectionClosedError)) throw err;
}
