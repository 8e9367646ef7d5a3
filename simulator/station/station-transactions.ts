import type { EvModel } from '../ev/ev-model.js';
import type { NeutralChargingProfile } from '../smart-charging/charging-profile.js';
import type { Evse } from './evse.js';
import type { ChargingControl } from './station-charging.js';
import type { StationContext } from './station-context.js';
import { sampleEvse } from './station-meter-values.js';
import type {
  AuthorizationStatus,
  ChargingState,
  ConnectorStatus,
  NeutralSample,
  StopReason,
  TransactionState,
  TxTrigger,
} from './station-types.js';

/** What a remote start asks for. */
export interface RemoteStartRequest {
  readonly idTag: string;
  /** 2.0.1 IdTokenEnumType of the token. */
  readonly idTokenType?: string;
  readonly profile?: NeutralChargingProfile;
  readonly remoteStartId?: number;
}

/** The connector status that goes with a charging state during a transaction. */
export function statusOfChargingState(state: ChargingState): ConnectorStatus {
  switch (state) {
    case 'Charging':
      return 'Charging';
    case 'SuspendedEV':
      return 'SuspendedEV';
    case 'SuspendedEVSE':
      return 'SuspendedEVSE';
    default:
      return 'Preparing';
  }
}

/** Optional facts of a transaction start. */
export interface StartDetails {
  readonly profile?: NeutralChargingProfile;
  readonly remoteStartId?: number;
  readonly idTokenType?: string;
}

/**
 * Transactions, version-neutral: plug-in first or authorize first, remote start, and stop by
 * local or remote command, EV full, EV departure, unlock or reset, each with its reason; status
 * transitions in the spec's order (Available, Preparing, Charging, SuspendedEV/EVSE, Finishing,
 * Available); periodic meter values while charging.
 */
export class TransactionFlow {
  #txCounter = 0;
  readonly #txPrefix: string;
  /** The EVSE whose transaction is being started (its charging state is not reported yet). */
  #starting: Evse | undefined;
  /** Samples held back by the out-of-order fault, per EVSE. */
  readonly #held = new Map<number, NeutralSample>();

  constructor(
    private readonly ctx: StationContext,
    private readonly charging: ChargingControl,
  ) {
    this.#txPrefix = ctx.rng.fork('transactions').uint32().toString(16).padStart(8, '0');
  }

  /** An EV is plugged into `evse`. */
  plugIn(evse: Evse, ev: EvModel): void {
    if (evse.ev !== undefined)
      throw new Error(`EVSE ${evse.id} of ${this.ctx.id} already has an EV plugged in`);
    const now = this.ctx.clock.now();
    evse.advance(now);
    evse.ev = ev;
    ev.offer(0, now);
    if (Number.isFinite(ev.departureMs) && ev.departureMs > now) {
      this.ctx.timers.set(`depart-${evse.id}`, () => this.unplug(evse), ev.departureMs - now);
    }
    if (!evse.operative) return;
    this.ctx.setStatus(evse, 'Preparing');
    const auth = evse.authorization;
    if (auth !== undefined && auth.untilMs >= now) {
      this.ctx.timers.clear(`auth-${evse.id}`);
      this.start(evse, auth.idTag, auth.remote ? 'RemoteStart' : 'CablePluggedIn', auth);
    }
  }

  /** The EV leaves: a running transaction ends with EVDisconnected. */
  unplug(evse: Evse): void {
    this.ctx.timers.clear(`depart-${evse.id}`);
    if (evse.ev === undefined) return;
    if (evse.tx !== undefined) this.stop(evse, 'EVDisconnected', 'EVCommunicationLost');
    evse.advance(this.ctx.clock.now());
    evse.ev = undefined;
    evse.authorization = undefined;
    this.ctx.setStatus(evse, evse.operative ? 'Available' : 'Unavailable');
  }

  /**
   * A user presents `idTag` at `evse`: stops the running transaction of the same tag, or
   * authorizes (with the CSMS when online, locally when offline and LocalAuthorizeOffline) and
   * starts or waits for the EV.
   */
  async presentIdTag(evse: Evse, idTag: string): Promise<AuthorizationStatus> {
    if (evse.tx !== undefined) {
      if (evse.tx.idTag !== idTag) return 'ConcurrentTx';
      this.stop(evse, 'Local', 'StopAuthorized');
      return 'Accepted';
    }
    const status = await this.#authorize(idTag);
    if (status !== 'Accepted' || !evse.operative || evse.tx !== undefined) return status;
    if (evse.ev !== undefined) this.start(evse, idTag, 'Authorized');
    else this.#awaitEv(evse, { idTag, remote: false });
    return status;
  }

  /** Carries out an accepted remote start (called after the response has been sent). */
  async remoteStart(evse: Evse, req: RemoteStartRequest): Promise<void> {
    if (this.ctx.config.getBool('AuthorizeRemoteTxRequests')) {
      const status = await this.#authorize(req.idTag);
      if (status !== 'Accepted') return;
    }
    if (evse.tx !== undefined || !evse.operative) return;
    if (evse.ev !== undefined) this.start(evse, req.idTag, 'RemoteStart', req);
    else this.#awaitEv(evse, { ...req, remote: true });
  }

  /** Starts a transaction on `evse` now. */
  start(evse: Evse, idTag: string, trigger: TxTrigger, details: StartDetails = {}): TransactionState {
    const { profile, remoteStartId, idTokenType } = details;
    const now = this.ctx.clock.now();
    evse.advance(now);
    evse.authorization = undefined;
    const tx: TransactionState = {
      localId: `${this.#txPrefix}-${++this.#txCounter}`,
      evseId: evse.id,
      idTag,
      startMs: now,
      meterStartWh: Math.round(evse.registerWh),
      seqNo: 0,
      chargingState: 'EVConnected',
      ...(remoteStartId === undefined ? {} : { remoteStartId }),
      ...(idTokenType === undefined ? {} : { idTokenType }),
    };
    if (this.ctx.version === '2.0.1') tx.transactionId = tx.localId;
    evse.tx = tx;
    if (profile !== undefined) {
      const result = this.ctx.profiles.install(
        { ...profile, evseId: evse.id },
        { activeTransactionId: tx.transactionId ?? tx.localId, nowMs: now },
      );
      if (!result.accepted) this.#problem(`charging profile of the remote start refused: ${result.reason}`);
    }
    this.#starting = evse;
    try {
      this.charging.refresh(evse);
    } finally {
      this.#starting = undefined;
    }
    tx.chargingState = this.charging.chargingStateOf(evse);
    const sample = sampleEvse(evse, ['Energy.Active.Import.Register'], 'Transaction.Begin', now);
    this.ctx.outbox.push(
      this.ctx.protocol.transactionEvent({
        kind: 'started',
        tx,
        trigger,
        samples: [sample],
        timeMs: now,
        offline: !this.ctx.isOnline(),
        onIdTagStatus: (status) => {
          if (
            status !== 'Accepted' &&
            evse.tx === tx &&
            this.ctx.config.getBool('StopTransactionOnInvalidId')
          ) {
            this.stop(evse, 'DeAuthorized', 'Deauthorized');
          }
        },
      }),
    );
    this.ctx.events.emit('transaction-started', { stationId: this.ctx.id, evseId: evse.id, tx, timeMs: now });
    this.ctx.setStatus(evse, statusOfChargingState(tx.chargingState));
    return tx;
  }

  /** Ends the transaction on `evse` with `reason`. */
  stop(evse: Evse, reason: StopReason, trigger: TxTrigger): void {
    const tx = evse.tx;
    if (tx === undefined) return;
    const held = this.#held.get(evse.id);
    if (held !== undefined) {
      this.#held.delete(evse.id);
      this.sendSamples(evse, [held], 'MeterValuePeriodic');
    }
    const now = this.ctx.clock.now();
    evse.advance(now);
    const measurands = ['Energy.Active.Import.Register', ...this.ctx.config.getList('StopTxnSampledData')];
    const sample = sampleEvse(evse, [...new Set(measurands)], 'Transaction.End', now);
    tx.stopReason = reason;
    tx.stopMs = now;
    tx.meterStopWh = Math.round(evse.registerWh);
    evse.tx = undefined;
    this.ctx.profiles.endTransaction(evse.id);
    this.charging.refresh(evse);
    tx.chargingState = evse.ev === undefined ? 'Idle' : 'EVConnected';
    this.ctx.outbox.push(
      this.ctx.protocol.transactionEvent({
        kind: 'ended',
        tx,
        trigger,
        samples: [sample],
        timeMs: now,
        offline: !this.ctx.isOnline(),
      }),
    );
    this.ctx.events.emit('transaction-ended', {
      stationId: this.ctx.id,
      evseId: evse.id,
      tx,
      reason,
      energyWh: Math.max(0, tx.meterStopWh - tx.meterStartWh),
      timeMs: now,
    });
    this.ctx.setStatus(evse, 'Finishing');
    if (evse.inoperativeScheduled) {
      evse.inoperativeScheduled = false;
      evse.operative = false;
      this.ctx.setStatus(evse, 'Unavailable');
    } else if (evse.ev === undefined) {
      this.ctx.setStatus(evse, 'Available');
    }
  }

  /** After a new offer: reports a change of charging state. */
  afterOffer(evse: Evse): void {
    const tx = evse.tx;
    if (tx === undefined || this.#starting === evse) return;
    const state = this.charging.chargingStateOf(evse);
    if (state === tx.chargingState) return;
    tx.chargingState = state;
    const now = this.ctx.clock.now();
    this.ctx.outbox.push(
      this.ctx.protocol.transactionEvent({
        kind: 'updated',
        tx,
        trigger: 'ChargingStateChanged',
        samples: [],
        timeMs: now,
        offline: !this.ctx.isOnline(),
        chargingStateChanged: true,
      }),
    );
    this.ctx.setStatus(evse, statusOfChargingState(state));
  }

  /** Periodic sampling: meter values of every running transaction, EV-full handling. */
  sample(nowMs: number): void {
    const measurands = this.ctx.config.getList('MeterValuesSampledData');
    for (const evse of this.ctx.evses) {
      evse.advance(nowMs);
      const tx = evse.tx;
      if (tx === undefined) {
        if (this.ctx.idleMeterValues) {
          this.sendSamples(
            evse,
            [sampleEvse(evse, measurands, 'Sample.Periodic', nowMs)],
            'MeterValuePeriodic',
          );
        }
        continue;
      }
      if (evse.ev?.full === true && this.ctx.onEvFull === 'stop') {
        this.stop(evse, 'EVFull', 'ChargingStateChanged');
        continue;
      }
      this.charging.refresh(evse);
      const sample = sampleEvse(evse, measurands, 'Sample.Periodic', nowMs);
      const held = this.#held.size === 0 ? undefined : this.#held.get(evse.id);
      if (held !== undefined) {
        this.#held.delete(evse.id);
        this.sendSamples(evse, [sample], 'MeterValuePeriodic');
        this.sendSamples(evse, [held], 'MeterValuePeriodic');
      } else if (this.ctx.faults.holdMeterValues()) {
        this.#held.set(evse.id, sample);
      } else {
        this.sendSamples(evse, [sample], 'MeterValuePeriodic');
      }
    }
  }

  /** Sends samples of `evse`: in its transaction when one runs, as plain meter values otherwise. */
  sendSamples(evse: Evse, samples: readonly NeutralSample[], trigger: TxTrigger): void {
    for (const sample of samples) {
      this.ctx.events.emit('meter-values', { stationId: this.ctx.id, evseId: evse.id, sample });
    }
    const tx = evse.tx;
    if (tx === undefined) {
      this.ctx.outbox.push(this.ctx.protocol.meterValues(evse.id, samples));
      return;
    }
    this.ctx.outbox.push(
      this.ctx.protocol.transactionEvent({
        kind: 'updated',
        tx,
        trigger,
        samples,
        timeMs: this.ctx.clock.now(),
        offline: !this.ctx.isOnline(),
      }),
    );
  }

  async #authorize(idTag: string): Promise<AuthorizationStatus> {
    if (this.ctx.isOnline()) {
      try {
        return await this.ctx.protocol.authorize(idTag);
      } catch {
        // no answer: fall through to the offline rules
      }
    }
    return this.ctx.config.getBool('LocalAuthorizeOffline') ? 'Accepted' : 'Invalid';
  }

  #awaitEv(
    evse: Evse,
    auth: { idTag: string; remote: boolean; profile?: NeutralChargingProfile; remoteStartId?: number },
  ): void {
    const timeoutMs = this.ctx.config.getInt('ConnectionTimeOut') * 1000;
    evse.authorization = { ...auth, untilMs: this.ctx.clock.now() + timeoutMs };
    this.ctx.setStatus(evse, 'Preparing');
    this.ctx.timers.set(
      `auth-${evse.id}`,
      () => {
        evse.authorization = undefined;
        if (evse.ev === undefined && evse.tx === undefined && evse.status === 'Preparing') {
          this.ctx.setStatus(evse, 'Available');
        }
      },
      timeoutMs,
    );
  }

  #problem(message: string): void {
    this.ctx.events.emit('problem', { stationId: this.ctx.id, message, timeMs: this.ctx.clock.now() });
  }
}
