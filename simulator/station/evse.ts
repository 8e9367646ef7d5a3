import { powerFromCurrentW } from '../../common/units.js';
import type { PhaseCount } from '../../common/units.js';
import type { EvModel } from '../ev/ev-model.js';
import type { NeutralChargingProfile } from '../smart-charging/charging-profile.js';
import type { ConnectorStatus, TransactionState } from './station-types.js';

/** An authorization waiting for the EV to be plugged in (or a plugged EV waiting for one). */
export interface PendingAuthorization {
  readonly idTag: string;
  readonly untilMs: number;
  readonly remoteStartId?: number;
  readonly profile?: NeutralChargingProfile;
  readonly remote: boolean;
  readonly idTokenType?: string;
}

/** Electrical ratings of an EVSE. */
export interface EvseRatings {
  readonly maxCurrentA: number;
  readonly phases: 1 | 3;
  readonly voltageV: number;
}

/**
 * One EVSE (with one connector): its status, the EV plugged into it, its transaction and its
 * energy register. The register is the integral of what the EV actually drew: it only grows by
 * the energy the EV model reports between two instants.
 */
export class Evse {
  status: ConnectorStatus = 'Available';
  /** False after ChangeAvailability Inoperative. */
  operative = true;
  /** Inoperative requested while a transaction runs: applied when it ends. */
  inoperativeScheduled = false;
  ev: EvModel | undefined;
  tx: TransactionState | undefined;
  authorization: PendingAuthorization | undefined;
  /** Current offered to the EV, per phase. */
  offeredA = 0;
  /** Phases offered (the profile's numberPhases, capped by the wiring). */
  offeredPhases: PhaseCount = 3;
  #registerWh = 0;
  #lastMs: number;

  constructor(
    readonly id: number,
    readonly ratings: EvseRatings,
    nowMs: number,
  ) {
    this.#lastMs = nowMs;
  }

  /** Energy register (Energy.Active.Import.Register), Wh. */
  get registerWh(): number {
    return this.#registerWh;
  }

  /** Sets the register to 0 (the "meter resets" fault). */
  resetRegister(): void {
    this.#registerWh = 0;
  }

  /** Integrates the EV's draw up to `nowMs`; returns the energy added, Wh. */
  advance(nowMs: number): number {
    if (nowMs <= this.#lastMs) return 0;
    this.#lastMs = nowMs;
    if (this.ev === undefined) return 0;
    const wh = this.ev.advanceTo(nowMs, this.ratings.voltageV);
    if (wh > 0) this.#registerWh += wh;
    return wh;
  }

  /** Phases actually carrying current now (the EVSE's own when nothing flows). */
  get activePhases(): PhaseCount {
    const active = this.ev?.activePhases() ?? 0;
    if (active > 0) return active as PhaseCount;
    return Math.min(this.ev?.phases ?? this.ratings.phases, this.ratings.phases) as PhaseCount;
  }

  /** Current per phase the EV draws now, A. */
  currentA(): number {
    return this.ev === undefined ? 0 : Math.max(0, this.ev.currentA());
  }

  /** Total power the EV draws now, W. */
  powerW(): number {
    const active = this.ev?.activePhases() ?? 0;
    return active === 0 ? 0 : powerFromCurrentW(this.currentA(), active, this.ratings.voltageV);
  }
}
