import type { NeutralChargingProfile, RateUnit } from '../smart-charging/charging-profile.js';
import type { CompositeSchedule } from '../smart-charging/composite-schedule.js';
import type { InstallResult, ProfileCriteria } from '../smart-charging/profile-store.js';
import type { Evse } from './evse.js';
import type { ChargingControl } from './station-charging.js';
import type { StationContext } from './station-context.js';
import type { BootReason } from './station-protocol.js';
import { sampleEvse } from './station-meter-values.js';
import type { RemoteStartRequest, TransactionFlow } from './station-transactions.js';

/** Answer to ChangeAvailability. */
export type AvailabilityResult = 'Accepted' | 'Rejected' | 'Scheduled';

/** Answer to UnlockConnector (2.0.1 values; 1.6 maps them). */
export type UnlockResult = 'Unlocked' | 'UnlockFailed' | 'OngoingAuthorizedTransaction' | 'UnknownConnector';

/** Messages the CSMS may ask for with TriggerMessage. */
export type TriggerKind =
  | 'BootNotification'
  | 'Heartbeat'
  | 'StatusNotification'
  | 'MeterValues'
  | 'TransactionEvent'
  | 'FirmwareStatusNotification';

/** Answer to TriggerMessage. */
export type TriggerResult = 'Accepted' | 'Rejected' | 'NotImplemented';

/** What the station itself does for commands that reach beyond one EVSE. */
export interface StationHooks {
  /** Reboots: ends transactions, drops the link, boots again after the reboot delay, with `reason`. */
  reboot(kind: 'Hard' | 'Soft', reason?: BootReason): void;
  /** Sends a BootNotification now. */
  sendBoot(): void;
  /** Sends a Heartbeat now. */
  sendHeartbeat(): void;
  /** Sends a FirmwareStatusNotification (Idle) now. */
  sendFirmwareStatus(): void;
}

/**
 * The CSMS's commands in version-neutral terms. Adapters validate and translate; this decides.
 * Anything that sends messages of its own is deferred until after the answer has gone out.
 */
export class StationCommands {
  #deferred = 0;

  constructor(
    private readonly ctx: StationContext,
    private readonly flow: TransactionFlow,
    private readonly charging: ChargingControl,
    private readonly hooks: StationHooks,
  ) {}

  /** Runs `fn` right after the current answer is sent. */
  defer(fn: () => void): void {
    this.ctx.timers.set(`defer-${++this.#deferred}`, fn, 0);
  }

  /** The EVSE of a transaction id (either the CSMS's id or the station's own). */
  findTransaction(transactionId: string): Evse | undefined {
    return this.ctx.evses.find(
      (e) => e.tx !== undefined && (e.tx.transactionId === transactionId || e.tx.localId === transactionId),
    );
  }

  /** RemoteStartTransaction / RequestStartTransaction. */
  remoteStart(evseId: number | undefined, req: RemoteStartRequest): 'Accepted' | 'Rejected' {
    const evse =
      evseId === undefined || evseId === 0
        ? (this.ctx.evses.find(
            (e) => e.operative && e.tx === undefined && e.authorization === undefined && e.ev !== undefined,
          ) ?? this.ctx.evses.find((e) => e.operative && e.tx === undefined && e.authorization === undefined))
        : this.ctx.evse(evseId);
    if (evse === undefined || !evse.operative || evse.tx !== undefined || evse.status === 'Faulted')
      return 'Rejected';
    if (req.profile !== undefined && req.profile.purpose !== 'Tx') return 'Rejected';
    this.defer(() => {
      this.flow
        .remoteStart(evse, req)
        .catch((error: unknown) => this.#problem(`remote start failed: ${String(error)}`));
    });
    return 'Accepted';
  }

  /** RemoteStopTransaction / RequestStopTransaction. */
  remoteStop(transactionId: string): 'Accepted' | 'Rejected' {
    const evse = this.findTransaction(transactionId);
    if (evse === undefined) return 'Rejected';
    this.defer(() => this.flow.stop(evse, 'Remote', 'RemoteStop'));
    return 'Accepted';
  }

  /** ChangeAvailability for one EVSE or (0) the whole station. */
  changeAvailability(evseId: number, operative: boolean): AvailabilityResult {
    const targets = evseId === 0 ? [...this.ctx.evses] : [this.ctx.evse(evseId)];
    if (targets.some((e) => e === undefined)) return 'Rejected';
    let scheduled = false;
    for (const evse of targets as Evse[]) {
      if (operative) {
        evse.inoperativeScheduled = false;
        if (!evse.operative) {
          evse.operative = true;
          this.defer(() => this.ctx.setStatus(evse, evse.ev === undefined ? 'Available' : 'Preparing'));
        }
      } else if (evse.tx !== undefined) {
        evse.inoperativeScheduled = true;
        scheduled = true;
      } else if (evse.operative) {
        evse.operative = false;
        evse.authorization = undefined;
        this.defer(() => this.ctx.setStatus(evse, 'Unavailable'));
      }
    }
    return scheduled ? 'Scheduled' : 'Accepted';
  }

  /**
   * Reset: `Hard`/`Soft` (1.6) or `Immediate`/`OnIdle` (2.0.1, OnIdle waits for transactions to
   * end). The station boots again with `reason` (default RemoteReset).
   */
  reset(
    kind: 'Hard' | 'Soft' | 'Immediate' | 'OnIdle',
    reason: BootReason = 'RemoteReset',
  ): 'Accepted' | 'Scheduled' {
    if (kind === 'OnIdle' && this.ctx.evses.some((e) => e.tx !== undefined)) {
      const check = (): void => {
        if (this.ctx.evses.some((e) => e.tx !== undefined))
          this.ctx.timers.set('reset-on-idle', check, 1_000);
        else this.hooks.reboot('Soft', reason);
      };
      this.ctx.timers.set('reset-on-idle', check, 1_000);
      return 'Scheduled';
    }
    this.defer(() => this.hooks.reboot(kind === 'Hard' || kind === 'Immediate' ? 'Hard' : 'Soft', reason));
    return 'Accepted';
  }

  /** UnlockConnector: 1.6 stops a running transaction first; 2.0.1 refuses while one runs. */
  unlock(evseId: number, stopsTransaction: boolean): UnlockResult {
    const evse = this.ctx.evse(evseId);
    if (evse === undefined) return 'UnknownConnector';
    if (evse.tx !== undefined) {
      if (!stopsTransaction) return 'OngoingAuthorizedTransaction';
      this.defer(() => this.flow.stop(evse, 'UnlockCommand', 'UnlockCommand'));
    }
    return 'Unlocked';
  }

  /** TriggerMessage. */
  trigger(kind: TriggerKind, evseId: number | undefined): TriggerResult {
    if (evseId !== undefined && evseId !== 0 && this.ctx.evse(evseId) === undefined) return 'Rejected';
    const evses = evseId === undefined || evseId === 0 ? [...this.ctx.evses] : [this.ctx.evse(evseId)!];
    switch (kind) {
      case 'BootNotification':
        this.defer(() => this.hooks.sendBoot());
        return 'Accepted';
      case 'Heartbeat':
        this.defer(() => this.hooks.sendHeartbeat());
        return 'Accepted';
      case 'FirmwareStatusNotification':
        this.defer(() => this.hooks.sendFirmwareStatus());
        return 'Accepted';
      case 'StatusNotification':
        this.defer(() => {
          for (const evse of evses)
            this.ctx.outbox.push(this.ctx.protocol.statusNotification(evse.id, evse.status, true));
        });
        return 'Accepted';
      case 'MeterValues':
      case 'TransactionEvent':
        this.defer(() => {
          const now = this.ctx.clock.now();
          const measurands = this.ctx.config.getList('MeterValuesSampledData');
          for (const evse of evses) {
            if (kind === 'TransactionEvent' && evse.tx === undefined) continue;
            evse.advance(now);
            this.flow.sendSamples(evse, [sampleEvse(evse, measurands, 'Trigger', now)], 'Trigger');
          }
        });
        return 'Accepted';
    }
  }

  /** SetChargingProfile: installs and re-evaluates the offers. */
  installProfile(profile: NeutralChargingProfile): InstallResult {
    const evse = profile.evseId === 0 ? undefined : this.ctx.evse(profile.evseId);
    if (profile.evseId !== 0 && evse === undefined) {
      return { accepted: false, reason: `no EVSE ${profile.evseId} on this station` };
    }
    const tx = evse?.tx;
    const result = this.ctx.profiles.install(profile, {
      ...(tx === undefined ? {} : { activeTransactionId: tx.transactionId ?? tx.localId }),
      nowMs: this.ctx.clock.now(),
    });
    if (result.accepted) this.defer(() => this.charging.refreshAll());
    return result;
  }

  /** ClearChargingProfile: how many were removed. */
  clearProfiles(criteria: ProfileCriteria): number {
    const n = this.ctx.profiles.clear(criteria);
    if (n > 0) this.defer(() => this.charging.refreshAll());
    return n;
  }

  /** GetCompositeSchedule, or undefined for an unknown EVSE. */
  compositeSchedule(evseId: number, durationS: number, unit: RateUnit): CompositeSchedule | undefined {
    if (evseId !== 0 && this.ctx.evse(evseId) === undefined) return undefined;
    const tx = evseId === 0 ? undefined : this.ctx.evse(evseId)?.tx;
    return this.ctx.profiles.compositeSchedule(evseId, this.ctx.clock.now(), durationS, unit, tx?.startMs);
  }

  #problem(message: string): void {
    this.ctx.events.emit('problem', { stationId: this.ctx.id, message, timeMs: this.ctx.clock.now() });
  }
}
