import type { Clock } from '../../common/clock.js';
import type { Rng } from '../../common/rng.js';
import type { Connection } from '../../common/transport.js';
import type { FaultSpec } from './fault-spec.js';
import { ProtocolFrameFaults } from './protocol-frame-faults.js';

/**
 * A connection that misbehaves on the way out as a bad network or bad firmware would: frames
 * delayed with jitter (order kept), lost, sent twice, MeterValues overtaken by the next frame,
 * answers to the CSMS held back past its timeout; and the protocol faults of non-compliant
 * firmware ({@link ProtocolFrameFaults}).
 */
export class FaultyConnection implements Connection {
  #lastDueMs = 0;
  readonly #protocolFaults: ProtocolFrameFaults;
  #receiver: ((frame: string) => void) | undefined;

  constructor(
    private readonly inner: Connection,
    private readonly spec: FaultSpec,
    private readonly clock: Clock,
    private readonly rng: Rng,
  ) {
    this.#protocolFaults = new ProtocolFrameFaults(spec);
  }

  get stationId(): string {
    return this.inner.stationId;
  }

  get protocol(): Connection['protocol'] {
    return this.inner.protocol;
  }

  get isOpen(): boolean {
    return this.inner.isOpen;
  }

  async send(original: string): Promise<void> {
    const verdict = this.#protocolFaults.outgoing(original);
    if (verdict.kind === 'swallow') {
      const receiver = this.#receiver;
      if (receiver !== undefined) queueMicrotask(() => receiver(verdict.answer));
      return;
    }
    const frame = verdict.frame;
    const s = this.spec;
    if ((s.dropRate ?? 0) > 0 && this.rng.chance(s.dropRate!)) return;
    const isAnswer = frame.startsWith('[3') || frame.startsWith('[4');
    if (isAnswer && s.slowResponse !== undefined && this.rng.chance(s.slowResponse.rate)) {
      await this.clock.sleep(s.slowResponse.delayMs);
      if (this.inner.isOpen) await this.inner.send(frame);
      return;
    }
    const duplicate = (s.duplicateRate ?? 0) > 0 && this.rng.chance(s.duplicateRate!);
    await this.#delayed(frame);
    if (duplicate) await this.#delayed(frame);
  }

  close(code?: number, reason?: string): Promise<void> {
    return this.inner.close(code, reason);
  }

  onMessage(handler: (frame: string) => void): void {
    this.#receiver = handler;
    this.inner.onMessage((frame) => {
      const verdict = this.#protocolFaults.incoming(frame);
      if (verdict.kind === 'deliver') handler(frame);
      else this.inner.send(verdict.answer).catch(() => undefined);
    });
  }

  onClose(handler: (code: number, reason: string) => void): void {
    this.inner.onClose(handler);
  }

  #delayed(frame: string): Promise<void> {
    const d = this.spec.delay;
    if (d === undefined) return this.inner.send(frame);
    const now = this.clock.now();
    const jitter = d.jitterMs ?? 0;
    const due = Math.max(now + Math.max(0, d.meanMs + this.rng.uniform(-jitter, jitter)), this.#lastDueMs);
    this.#lastDueMs = due;
    return this.clock.sleep(due - now).then(() => this.inner.send(frame));
  }
}
