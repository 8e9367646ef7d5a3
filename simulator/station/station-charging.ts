import type { PhaseCount } from '../../common/units.js';
import type { Evse } from './evse.js';
import type { StationContext } from './station-context.js';
import type { ChargingState } from './station-types.js';

/** IEC 61851: below this current per phase an EV does not charge. */
export const MIN_CHARGING_CURRENT_A = 6;

/**
 * Decides what current each EVSE offers its EV: its rating, capped by the composite schedule of
 * the installed charging profiles (or the fallback limit while offline when no profile applies),
 * and nothing outside a transaction or while inoperative. Re-evaluates at every period boundary
 * of the profiles so the EV follows the schedule, after its own reaction delay.
 */
export class ChargingControl {
  /** Timer name of each EVSE's next limit change, by EVSE id (made once: re-armed on every sample). */
  readonly #limitTimerNames: string[] = [];
  /** What that timer runs, by EVSE id (made once, like the name). */
  readonly #refreshers: (() => void)[] = [];
  /** When each EVSE's limit timer was last armed for, by EVSE id (valid while the timer is set). */
  readonly #armedAtMs: number[] = [];

  constructor(
    private readonly ctx: StationContext,
    private readonly afterOffer: (evse: Evse) => void,
  ) {}

  /** Recomputes and applies the offer of one EVSE. */
  refresh(evse: Evse): void {
    const now = this.ctx.clock.now();
    evse.advance(now);
    const { perPhaseA: offered, numberPhases } = this.offerFor(evse, now);
    if (offered !== evse.offeredA || numberPhases !== evse.offeredPhases) {
      evse.offeredA = offered;
      evse.offeredPhases = numberPhases;
      evse.ev?.offer(offered, now, numberPhases);
      this.ctx.events.emit('limit', {
        stationId: this.ctx.id,
        evseId: evse.id,
        offeredA: offered,
        timeMs: now,
      });
    }
    this.#armNextChange(evse, now);
    this.afterOffer(evse);
  }

  /** Recomputes every EVSE (profiles changed, went on- or offline). */
  refreshAll(): void {
    for (const evse of this.ctx.evses) this.refresh(evse);
  }

  /** The current per phase, and the phases, the EVSE should offer now. */
  offerFor(evse: Evse, nowMs: number): { perPhaseA: number; numberPhases: PhaseCount } {
    const rating = evse.ratings.maxCurrentA;
    const phases = evse.ratings.phases;
    if (evse.tx === undefined || evse.ev === undefined || !evse.operative)
      return { perPhaseA: 0, numberPhases: phases };
    if (this.ctx.faults.ignoreLimits) return { perPhaseA: rating, numberPhases: phases };
    const limit = this.ctx.profiles.limitAt(evse.id, nowMs, evse.tx.startMs);
    let offered = rating;
    let numberPhases: PhaseCount = phases;
    if (limit !== undefined) {
      offered = Math.min(offered, limit.perPhaseA);
      numberPhases = Math.min(phases, limit.numberPhases) as PhaseCount;
    } else if (!this.ctx.isOnline() && this.ctx.fallbackLimitA !== undefined) {
      offered = Math.min(offered, this.ctx.fallbackLimitA);
    }
    return { perPhaseA: Math.max(0, offered), numberPhases };
  }

  /** The charging state that follows from the offer and the EV. */
  chargingStateOf(evse: Evse): ChargingState {
    if (evse.ev === undefined) return 'Idle';
    if (evse.offeredA < MIN_CHARGING_CURRENT_A) return 'SuspendedEVSE';
    if (evse.ev.full || evse.ev.acceptanceA() <= 0) return 'SuspendedEV';
    return 'Charging';
  }

  #armNextChange(evse: Evse, nowMs: number): void {
    const name = (this.#limitTimerNames[evse.id] ??= `limit-${evse.id}`);
    const next =
      evse.tx === undefined ? undefined : this.ctx.profiles.nextChangeMs(evse.id, nowMs, evse.tx.startMs);
    if (next === undefined) {
      this.ctx.timers.clear(name);
      return;
    }
    // Already armed for that moment (the usual case at a sample): keep the timer.
    if (this.#armedAtMs[evse.id] === next && this.ctx.timers.has(name)) return;
    this.#armedAtMs[evse.id] = next;
    this.ctx.timers.set(name, (this.#refreshers[evse.id] ??= () => this.refresh(evse)), next - nowMs);
  }
}
