import type { EvModel } from '../../simulator/ev/ev-model.js';

/**
 * An EV that can be told to stop drawing current on its own (an EV-side suspend), as a person
 * does from the car; otherwise the EV model it wraps.
 */
export class SuspendableEv implements EvModel {
  #suspended = false;

  constructor(private readonly ev: EvModel) {}

  /** From now on the EV accepts no current (the station should report SuspendedEV). */
  suspend(): void {
    this.#suspended = true;
  }

  get spec(): EvModel['spec'] {
    return this.ev.spec;
  }
  get socPercent(): number {
    return this.ev.socPercent;
  }
  get targetSocPercent(): number {
    return this.ev.targetSocPercent;
  }
  get arrivalMs(): number {
    return this.ev.arrivalMs;
  }
  get departureMs(): number {
    return this.ev.departureMs;
  }
  get full(): boolean {
    return this.ev.full;
  }
  get phases(): 1 | 3 {
    return this.ev.phases;
  }
  get drawnWh(): number {
    return this.ev.drawnWh;
  }
  get ignoresLimit(): boolean {
    return this.ev.ignoresLimit;
  }
  acceptanceA(): number {
    return this.#suspended ? 0 : this.ev.acceptanceA();
  }
  offer(...args: Parameters<EvModel['offer']>): void {
    this.ev.offer(...args);
  }
  advanceTo(nowMs: number, voltageV: number): number {
    if (!this.#suspended) return this.ev.advanceTo(nowMs, voltageV);
    this.ev.offer(0, nowMs);
    return this.ev.advanceTo(nowMs, voltageV);
  }
  currentA(): number {
    return this.#suspended ? 0 : this.ev.currentA();
  }
  activePhases(): ReturnType<EvModel['activePhases']> {
    return this.#suspended ? 0 : this.ev.activePhases();
  }
  powerW(voltageV: number): number {
    return this.#suspended ? 0 : this.ev.powerW(voltageV);
  }
}
