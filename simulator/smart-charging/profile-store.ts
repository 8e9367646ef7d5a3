import type { OcppVersion } from '../../common/ocpp-version.js';
import type { AnyProfilePurpose, NeutralChargingProfile, RateUnit } from './charging-profile.js';
import {
  compositeFromProfiles,
  limitFromProfiles,
  type CompositeSchedule,
  type EffectiveLimit,
  type StationRating,
} from './composite-schedule.js';
import { CHANGE_HORIZON_MS, HeldLimits } from './held-limits.js';
import { changePoints } from './profile-timeline.js';
import { shareStationLimit } from './share-station-limit.js';
import { rejectionReason, type InstallContext } from './profile-rules.js';

/** Default highest stack level (1.6 `ChargeProfileMaxStackLevel`, 2.0.1 `SmartChargingCtrlr.ProfileStackLevel`). */
export const DEFAULT_MAX_STACK_LEVEL = 8;

/** Default most periods per schedule (1.6 `ChargingScheduleMaxPeriods`, 2.0.1 `PeriodsPerSchedule`). */
export const DEFAULT_MAX_PERIODS = 24;

/** Options of a {@link ChargingProfileStore}. */
export interface ChargingProfileStoreOptions {
  /** Number of EVSEs (1.6 connectors), numbered 1..evseCount. */
  evseCount: number;
  /** Rated current per phase, A. */
  maxCurrentA: number;
  phases: 1 | 3;
  voltageV: number;
  /** Version whose rules apply (2.0.1 is stricter about startSchedule); default 1.6. */
  version?: OcppVersion;
  /** Highest stack level accepted (1.6 `ChargeProfileMaxStackLevel`); default {@link DEFAULT_MAX_STACK_LEVEL}. */
  maxStackLevel?: number;
  /** Most periods per schedule (1.6 `ChargingScheduleMaxPeriods`); default {@link DEFAULT_MAX_PERIODS}. */
  maxPeriods?: number;
}

/** Selects profiles to clear or list; every given field must match. `id` alone selects by id. */
export interface ProfileCriteria {
  id?: number;
  /** Any of these ids (2.0.1 GetChargingProfiles `chargingProfileId[]`). */
  ids?: readonly number[];
  evseId?: number;
  purpose?: AnyProfilePurpose;
  stackLevel?: number;
}

/** Outcome of {@link ChargingProfileStore.install}. */
export type InstallResult = { accepted: true } | { accepted: false; reason: string };

/** The limit on one EVSE at one moment (per phase, phases in use). */
export type EvseLimit = EffectiveLimit;

function matches(p: NeutralChargingProfile, c: ProfileCriteria): boolean {
  if (c.id !== undefined) return p.id === c.id;
  if (c.ids !== undefined && !c.ids.includes(p.id)) return false;
  if (c.evseId !== undefined && p.evseId !== c.evseId) return false;
  if (c.purpose !== undefined && p.purpose !== c.purpose) return false;
  if (c.stackLevel !== undefined && p.stackLevel !== c.stackLevel) return false;
  return true;
}

/**
 * The charging profiles a station holds, with the spec's install rules, replacement and clearing,
 * and the composite schedule and current limit per EVSE. Pure state: time comes in as arguments.
 */
export class ChargingProfileStore {
  readonly #profiles: NeutralChargingProfile[] = [];
  readonly #rating: StationRating;
  readonly #opts: Required<
    Pick<ChargingProfileStoreOptions, 'evseCount' | 'version' | 'maxStackLevel' | 'maxPeriods'>
  >;
  readonly #listeners: (() => void)[] = [];
  readonly #held = new HeldLimits();

  /** @throws Error when an option is out of range, naming it. */
  constructor(opts: ChargingProfileStoreOptions) {
    if (!Number.isInteger(opts.evseCount) || opts.evseCount < 1) {
      throw new Error(`evseCount must be an integer >= 1, got ${opts.evseCount}`);
    }
    if (!(opts.maxCurrentA > 0)) throw new Error(`maxCurrentA must be positive, got ${opts.maxCurrentA}`);
    if (!(opts.voltageV > 0)) throw new Error(`voltageV must be positive, got ${opts.voltageV}`);
    this.#rating = { maxCurrentA: opts.maxCurrentA, phases: opts.phases, voltageV: opts.voltageV };
    this.#opts = {
      evseCount: opts.evseCount,
      version: opts.version ?? '1.6',
      maxStackLevel: opts.maxStackLevel ?? DEFAULT_MAX_STACK_LEVEL,
      maxPeriods: opts.maxPeriods ?? DEFAULT_MAX_PERIODS,
    };
  }

  /** The station rating limits are capped at. */
  get rating(): StationRating {
    return this.#rating;
  }

  /** Calls `listener` after every change of the installed profiles (install, clear, transaction end). */
  onChange(listener: () => void): void {
    this.#listeners.push(listener);
  }

  #changed(): void {
    this.#held.clear();
    for (const l of this.#listeners) l();
  }

  /**
   * Installs a profile, or says why the spec forbids it. A Tx profile without a transactionId is
   * bound to the running transaction; an Absolute profile without startSchedule starts now.
   * A profile with the same id, or the same stack level, purpose and EVSE, is replaced.
   */
  install(profile: NeutralChargingProfile, ctx: InstallContext): InstallResult {
    const reason = rejectionReason(profile, ctx, this.#opts);
    if (reason !== undefined) return { accepted: false, reason };
    this.prune(ctx.nowMs);
    const stored: NeutralChargingProfile = structuredClone(profile);
    if (stored.purpose === 'Tx' && stored.transactionId === undefined)
      stored.transactionId = ctx.activeTransactionId;
    if (stored.purpose !== 'Tx') delete stored.transactionId;
    if (stored.kind === 'Absolute' && stored.schedule.startMs === undefined)
      stored.schedule.startMs = ctx.nowMs;
    if (stored.kind === 'Relative') delete stored.schedule.startMs;
    if (stored.kind !== 'Recurring') delete stored.recurrency;
    for (let i = this.#profiles.length - 1; i >= 0; i--) {
      const p = this.#profiles[i]!;
      const sameSlot =
        p.stackLevel === stored.stackLevel && p.purpose === stored.purpose && p.evseId === stored.evseId;
      if (p.id === stored.id || sameSlot) this.#profiles.splice(i, 1);
    }
    this.#profiles.push(stored);
    this.#changed();
    return { accepted: true };
  }

  /** Removes the profiles matching `criteria` (all of them when it is empty); returns how many. */
  clear(criteria: ProfileCriteria = {}): number {
    let removed = 0;
    for (let i = this.#profiles.length - 1; i >= 0; i--) {
      if (matches(this.#profiles[i]!, criteria)) {
        this.#profiles.splice(i, 1);
        removed++;
      }
    }
    if (removed > 0) this.#changed();
    return removed;
  }

  /** Copies of the installed profiles matching `criteria`, by EVSE, purpose, then stack level. */
  list(criteria: ProfileCriteria = {}): NeutralChargingProfile[] {
    return this.#profiles
      .filter((p) => matches(p, criteria))
      .sort(
        (a, b) => a.evseId - b.evseId || a.purpose.localeCompare(b.purpose) || a.stackLevel - b.stackLevel,
      )
      .map((p) => structuredClone(p));
  }

  /**
   * Removes the profiles that can never apply again at or after `nowMs`: past their validTo, or
   * Absolute profiles whose schedule duration has run out. Install calls it; a station may call it
   * periodically so that GetChargingProfiles does not report expired profiles. Returns how many.
   */
  prune(nowMs: number): number {
    const before = this.#profiles.length;
    for (let i = before - 1; i >= 0; i--) {
      const p = this.#profiles[i]!;
      const { startMs, durationS } = p.schedule;
      const scheduleOver =
        p.kind === 'Absolute' &&
        startMs !== undefined &&
        durationS !== undefined &&
        startMs + durationS * 1000 <= nowMs;
      if ((p.validToMs !== undefined && p.validToMs <= nowMs) || scheduleOver) this.#profiles.splice(i, 1);
    }
    const removed = before - this.#profiles.length;
    if (removed > 0) this.#changed();
    return removed;
  }

  /** Drops the Tx profiles of `evseId` (its transaction ended). */
  endTransaction(evseId: number): void {
    const before = this.#profiles.length;
    for (let i = before - 1; i >= 0; i--) {
      const p = this.#profiles[i]!;
      if (p.purpose === 'Tx' && p.evseId === evseId) this.#profiles.splice(i, 1);
    }
    if (this.#profiles.length !== before) this.#changed();
  }

  /**
   * The composite schedule of `evseId` (0 = the station's grid connection) over
   * [fromMs, fromMs + durationS), in `unit`. See {@link compositeFromProfiles}.
   */
  compositeSchedule(
    evseId: number,
    fromMs: number,
    durationS: number,
    unit: RateUnit,
    txStartMs?: number,
  ): CompositeSchedule {
    return compositeFromProfiles(this.#profiles, evseId, fromMs, durationS, unit, this.#rating, txStartMs);
  }

  /**
   * The limit the profiles put on `evseId` at `atMs`, per phase, or undefined when no profile limits
   * it (the station then offers its rating or its fallback).
   */
  limitAt(evseId: number, atMs: number, txStartMs?: number): EvseLimit | undefined {
    if (this.#profiles.length === 0) return undefined; // read on every sample: no work when none is installed
    const held = this.#held.at(evseId, atMs, txStartMs);
    if (held !== undefined) return held.limit;
    const limit = limitFromProfiles(this.#profiles, evseId, atMs, this.#rating, txStartMs);
    // Change points are whole milliseconds: the span is exact only from a whole millisecond.
    if (txStartMs !== undefined && Number.isInteger(atMs) && Number.isInteger(txStartMs)) {
      const nextMs = this.nextChangeMs(evseId, atMs, txStartMs);
      const untilMs = nextMs ?? atMs + CHANGE_HORIZON_MS;
      this.#held.hold(evseId, {
        txStartMs,
        fromMs: atMs,
        untilMs,
        nextMs,
        // With no change point within the horizon, the first one in the horizon after it.
        laterMs: nextMs ?? this.nextChangeMs(evseId, untilMs - 1, txStartMs),
        limit: limit === undefined ? undefined : Object.freeze(limit),
      });
    }
    return limit;
  }

  /**
   * Limits of several EVSEs charging at once. Each EVSE keeps its own limit ({@link limitAt}); when
   * a station-wide profile (ChargePointMax or external constraints on EVSE 0) applies, its current
   * is shared between them ({@link shareStationLimit}), so together they never exceed it.
   * EVSEs are assumed to be on the same supply phases. Undefined for an EVSE nothing limits.
   */
  limitsAt(
    atMs: number,
    evses: readonly { evseId: number; txStartMs?: number; demandA: number }[],
  ): Map<number, EvseLimit | undefined> {
    const own = new Map(evses.map((e) => [e.evseId, this.limitAt(e.evseId, atMs, e.txStartMs)] as const));
    const station = limitFromProfiles(this.#profiles, 0, atMs, this.#rating);
    if (station === undefined || evses.length < 2) return own;
    const shares = shareStationLimit(
      station.perPhaseA,
      evses.map((e) => ({
        evseId: e.evseId,
        capA: own.get(e.evseId)?.perPhaseA ?? this.#rating.maxCurrentA,
        demandA: e.demandA,
      })),
    );
    const out = new Map<number, EvseLimit | undefined>();
    for (const e of evses) {
      const limit = own.get(e.evseId) ?? {
        perPhaseA: this.#rating.maxCurrentA,
        numberPhases: station.numberPhases,
      };
      out.set(e.evseId, { ...limit, perPhaseA: Math.min(limit.perPhaseA, shares.get(e.evseId) ?? 0) });
    }
    return out;
  }

  /**
   * The next moment after `afterMs` (within `horizonMs`, default 8 days) at which the limit of
   * `evseId` may change: the station sets a timer for it so the EV follows period boundaries.
   */
  nextChangeMs(
    evseId: number,
    afterMs: number,
    txStartMs?: number,
    horizonMs = CHANGE_HORIZON_MS,
  ): number | undefined {
    if (horizonMs === CHANGE_HORIZON_MS) {
      const held = this.#held.nextChangeMs(evseId, afterMs, txStartMs);
      if (held !== 'unknown') return held;
    }
    let next: number | undefined;
    for (const p of this.#profiles) {
      if (evseId !== 0 && p.evseId !== 0 && p.evseId !== evseId) continue;
      for (const t of changePoints(p, afterMs + 1, afterMs + horizonMs, txStartMs ?? afterMs)) {
        if (next === undefined || t < next) next = t;
      }
    }
    return next;
  }
}
