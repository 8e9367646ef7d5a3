import type { OcppVersion } from '../../common/ocpp-version.js';
import type { Phase } from '../../common/units.js';
import { TypedEvents } from '../../common/typed-events.js';
import { ChargingProfileStore } from '../smart-charging/profile-store.js';
import type { EvModel } from '../ev/ev-model.js';
import { FaultInjector } from '../faults/fault-injector.js';
import type { MalformedKind } from '../faults/fault-spec.js';
import { malformedFrame } from '../faults/malformed-frames.js';
import { Evse } from './evse.js';
import { Outbox } from './outbox.js';
import { ReconnectBackoff } from './reconnect-backoff.js';
import { ChargingControl } from './station-charging.js';
import { StationCommands } from './station-commands.js';
import { StationConfig } from './station-config.js';
import { StationLink } from './station-link.js';
import { StationSchedule } from './station-schedule.js';
import type { BehaviourFaults, StationContext } from './station-context.js';
import type { StationEvents, StationState } from './station-events.js';
import { drawStationIdentity } from './station-identity.js';
import { checkStationOptions } from './station-options.js';
import type { StationOptions } from './station-options.js';
import type { BootReason, ProtocolHost, ProtocolOptions, StationProtocol } from './station-protocol.js';
import { TransactionFlow } from './station-transactions.js';
import type {
  AuthorizationStatus,
  ConnectorStatus,
  BootResult,
  StationIdentity,
  TransactionState,
} from './station-types.js';
import { TimerSet } from './timer-set.js';

/** Builds the adapter of one version. */
export type ProtocolFactory = (options: ProtocolOptions, host: ProtocolHost) => StationProtocol;

/** Options of {@link Station.stop}. */
export interface StopOptions {
  /** End running transactions (reason Local) and send what is queued before closing. Default false. */
  readonly endTransactions?: boolean;
}

/**
 * A simulated charging station: connects, boots, keeps its registration, runs transactions on its
 * EVSEs with the EVs plugged into them, honours charging profiles, reconnects with back-off and
 * replays its transaction messages after an outage. Version-neutral: a {@link StationProtocol}
 * adapter speaks 1.6 or 2.0.1 on the wire.
 */
export class Station implements ProtocolHost {
  readonly id: string;
  readonly version: OcppVersion;
  readonly identity: StationIdentity;
  /** The supply phase its first conductor lands on (phase rotation of single-phase stations). */
  readonly phase: Phase;
  readonly events = new TypedEvents<StationEvents>();
  readonly config: StationConfig;
  readonly evses: readonly Evse[];
  readonly profiles: ChargingProfileStore;
  readonly context: StationContext;
  readonly commands: StationCommands;
  readonly #options: StationOptions;
  readonly #protocol: StationProtocol;
  readonly #outbox: Outbox;
  readonly #timers: TimerSet;
  readonly #schedule: StationSchedule;
  readonly #backoff: ReconnectBackoff;
  readonly #flow: TransactionFlow;
  readonly #charging: ChargingControl;
  readonly #faults: BehaviourFaults;
  readonly #injector: FaultInjector | undefined;
  #state: StationState = 'stopped';
  readonly #link: StationLink;
  #running = false;
  #malformedCount = 0;

  /** @throws Error naming the option when one is out of range. */
  constructor(options: StationOptions, protocolFactory: ProtocolFactory) {
    checkStationOptions(options);
    this.#options = options;
    this.id = options.id;
    this.version = options.version;
    this.identity = options.identity ?? drawStationIdentity(options.rng);
    this.phase = options.phase ?? 'L1';
    const evseCount = options.evseCount ?? 1;
    const ratings = {
      maxCurrentA: options.maxCurrentA ?? 32,
      phases: options.phases ?? 3,
      voltageV: options.voltageV ?? 230,
    };
    this.config = new StationConfig({
      numberOfConnectors: evseCount,
      meterValueSampleIntervalS: options.meterIntervalS ?? 60,
      heartbeatIntervalS: options.heartbeatIntervalS ?? 300,
    });
    const now = options.clock.now();
    this.evses = Array.from({ length: evseCount }, (_, i) => new Evse(i + 1, ratings, now));
    this.profiles = new ChargingProfileStore({ evseCount, ...ratings, version: options.version });
    this.#timers = new TimerSet(options.clock);
    this.#schedule = new StationSchedule(
      options.clock,
      options.ticker,
      this.config,
      {
        sample: (now) => this.#sampleNow(now),
        heartbeat: () => this.#outbox.push(this.#protocol.heartbeat()),
      },
      options.sampleOffsetMs ?? 0,
    );
    this.#backoff = new ReconnectBackoff(options.rng.fork('backoff'), options.backoff);
    const reorderRate = options.faults?.reorderMeterValuesRate ?? 0;
    const reorderRng = options.rng.fork('faults/reorder');
    this.#faults = {
      ignoreLimits: options.faults?.ignoreLimits ?? false,
      holdMeterValues: () => reorderRate > 0 && reorderRng.chance(reorderRate),
    };
    this.#outbox = new Outbox({
      canSend: () => this.isOnline,
      onGivenUp: (m, error) => this.#problem(`${m.action} given up: ${describe(error)}`),
      onFailed: (m, error) => this.#problem(`${m.action} failed: ${describe(error)}`),
    });
    this.#protocol = protocolFactory(
      {
        stationId: options.id,
        clock: options.clock,
        validator: options.validator,
        callTimeoutMs: options.callTimeoutMs ?? 30_000,
        identity: this.identity,
        ...(options.tap === undefined ? {} : { tap: options.tap }),
        ...(options.count === undefined ? {} : { count: options.count }),
      },
      this,
    );
    const isOnline = (): boolean => this.isOnline;
    const evseById = (evseId: number): Evse | undefined => this.evses[evseId - 1];
    const setStatus = (evse: Evse, status: ConnectorStatus): void => {
      this.#setStatus(evse.id, status, () => (evse.status = status), evse.status);
    };
    this.context = {
      id: this.id,
      version: this.version,
      clock: options.clock,
      rng: options.rng,
      identity: this.identity,
      config: this.config,
      evses: this.evses,
      profiles: this.profiles,
      events: this.events,
      outbox: this.#outbox,
      timers: this.#timers,
      protocol: this.#protocol,
      faults: this.#faults,
      fallbackLimitA: options.fallbackLimitA,
      onEvFull: options.onEvFull ?? 'suspend',
      idleMeterValues: options.idleMeterValues ?? false,
      isOnline,
      evse: evseById,
      setStatus,
    };
    this.#charging = new ChargingControl(this.context, (evse) => this.#flow.afterOffer(evse));
    this.#flow = new TransactionFlow(this.context, this.#charging);
    this.commands = new StationCommands(this.context, this.#flow, this.#charging, {
      reboot: (kind, reason) => void this.#reboot(kind, reason),
      sendBoot: () => this.#link.triggerBoot(),
      sendHeartbeat: () => this.#outbox.push(this.#protocol.heartbeat()),
      sendFirmwareStatus: () => this.#outbox.push(this.#protocol.firmwareStatusIdle()),
    });
    this.#injector =
      options.faults === undefined
        ? undefined
        : new FaultInjector(options.faults, {
            clock: options.clock,
            rng: options.rng.fork('faults'),
            version: options.version,
            stationId: options.id,
            station: this,
          });
    const injector = this.#injector;
    this.#link = new StationLink({
      id: this.id,
      version: this.version,
      transport: options.transport,
      csmsUrl: options.csmsUrl,
      protocol: this.#protocol,
      timers: this.#timers,
      backoff: this.#backoff,
      wrap: (connection) => injector?.wrap(connection) ?? connection,
      setState: (state) => this.#setState(state),
      problem: (message) => this.#problem(message),
      onAccepted: (result) => this.#onAccepted(result),
      onLost: () => this.#lostLink(),
    });
    this.config.onChange((key) => {
      if (key === 'MeterValueSampleInterval') this.#schedule.startSampling();
      if (key === 'HeartbeatInterval' && this.isOnline) this.#schedule.startHeartbeat();
    });
  }

  /** Where the station is in its life. */
  get state(): StationState {
    return this.#state;
  }

  /** Connected and registration accepted. */
  get isOnline(): boolean {
    return this.#link.isOnline;
  }

  /** Transaction messages waiting for the connection. */
  get queuedTransactionMessages(): number {
    return this.#outbox.pendingTransactional;
  }

  /**
   * Connects and starts booting; resolves once the first connection attempt is over (connected or
   * not), without waiting for the boot's answer (which may need clock time to pass).
   */
  async start(): Promise<void> {
    if (this.#running) return;
    this.#running = true;
    this.#schedule.startSampling();
    this.#injector?.start();
    await this.#link.start();
  }

  /** Stops: optionally ends transactions first; closes the connection; leaves no timer behind. */
  async stop(options: StopOptions = {}): Promise<void> {
    if (!this.#running) return;
    if (options.endTransactions === true) {
      for (const evse of this.evses)
        if (evse.tx !== undefined) this.#flow.stop(evse, 'Local', 'StopAuthorized');
      if (this.isOnline) await this.#outbox.whenIdle();
    }
    this.#running = false;
    this.#setState('stopped');
    this.#injector?.stop();
    this.#timers.clearAll();
    this.#schedule.stop();
    await this.#link.stop();
  }

  /** The EVSE with that id. @throws when there is none */
  evse(evseId: number): Evse {
    const evse = this.evses[evseId - 1];
    if (evse === undefined)
      throw new Error(`station ${this.id} has no EVSE ${evseId} (it has ${this.evses.length})`);
    return evse;
  }

  /** Plugs an EV into an EVSE (Preparing; starts at once if already authorized). */
  plugIn(evseId: number, ev: EvModel): void {
    this.#flow.plugIn(this.evse(evseId), ev);
  }

  /** The EV leaves (ends a running transaction with EVDisconnected). */
  unplug(evseId: number): void {
    this.#flow.unplug(this.evse(evseId));
  }

  /** A user presents an RFID card: authorizes and starts, or stops the transaction of the same card. */
  presentIdTag(evseId: number, idTag: string): Promise<AuthorizationStatus> {
    return this.#flow.presentIdTag(this.evse(evseId), idTag);
  }

  /** Stops the transaction on an EVSE locally (the stop button). */
  stopLocal(evseId: number): void {
    this.#flow.stop(this.evse(evseId), 'Local', 'StopAuthorized');
  }

  /** The transaction running on an EVSE. */
  transaction(evseId: number): TransactionState | undefined {
    return this.evse(evseId).tx;
  }

  /** Status of an EVSE. */
  status(evseId: number): ConnectorStatus {
    return this.evse(evseId).status;
  }

  /** Current per phase the station draws now (its EVSEs together), A; brings the EVs up to now first. */
  currentA(): number {
    const now = this.context.clock.now();
    let sum = 0;
    for (const e of this.evses) {
      e.advance(now);
      sum += e.currentA();
    }
    return sum;
  }

  /** Phases carrying current now (the most any EVSE uses; 0 when nothing flows). */
  activePhases(): 0 | 1 | 2 | 3 {
    let most: 0 | 1 | 2 | 3 = 0;
    for (const e of this.evses) {
      const p = e.ev?.activePhases() ?? 0;
      if (p > most) most = p;
    }
    return most;
  }

  /** Drops the connection now (fault); reconnects after `downMs` and then with back-off. */
  dropConnection(downMs = 0): void {
    if (this.#link.drop(downMs)) this.#emitFault(`disconnect for ${downMs} ms`);
  }

  /** Sends a malformed frame of `kind` (fault). */
  async sendMalformed(kind: MalformedKind): Promise<void> {
    const link = this.#link.current;
    if (link === undefined) return;
    this.#emitFault(`malformed frame (${kind})`);
    await link.sendRaw(malformedFrame(kind, this.version, `malformed-${++this.#malformedCount}`));
  }

  /** The energy register of an EVSE drops to 0 (fault). */
  resetMeter(evseId: number): void {
    const evse = this.evse(evseId);
    evse.advance(this.context.clock.now());
    evse.resetRegister();
    this.#emitFault(`meter of EVSE ${evseId} reset to 0`);
  }

  /** Makes the station ignore (or honour again) charging-profile limits (fault). */
  setIgnoreLimits(ignore: boolean): void {
    this.#faults.ignoreLimits = ignore;
    if (ignore) this.#emitFault('ignores charging limits');
    this.#charging.refreshAll();
  }

  #onAccepted(result: BootResult): void {
    if (result.intervalS > 0) this.config.setInternal('HeartbeatInterval', String(result.intervalS));
    this.#schedule.startHeartbeat();
    this.#outbox.kick();
    const stationStatus: ConnectorStatus = this.evses.every((e) => !e.operative)
      ? 'Unavailable'
      : 'Available';
    this.#outbox.push(this.#protocol.statusNotification(0, stationStatus));
    for (const evse of this.evses) this.#outbox.push(this.#protocol.statusNotification(evse.id, evse.status));
    this.#charging.refreshAll();
  }

  async #reboot(kind: 'Hard' | 'Soft', reason?: BootReason): Promise<void> {
    for (const evse of this.evses) {
      if (evse.tx !== undefined)
        this.#flow.stop(evse, kind === 'Hard' ? 'HardReset' : 'SoftReset', 'ResetCommand');
    }
    if (this.isOnline) await this.#outbox.whenIdle();
    await this.#link.reboot(kind, this.#options.rebootDelayMs ?? 5_000, reason);
    for (const evse of this.evses) {
      evse.authorization = undefined;
      evse.status = evse.operative ? (evse.ev === undefined ? 'Available' : 'Preparing') : 'Unavailable';
    }
  }

  #lostLink(): void {
    this.#schedule.stopHeartbeat();
    this.#outbox.dropVolatile();
    if (this.#state !== 'stopped' && this.#state !== 'resetting') this.#setState('offline');
    this.#charging.refreshAll();
  }

  #sampleNow(now: number): void {
    this.#flow.sample(now);
    const site = this.#options.siteMeter;
    if (site !== undefined) {
      let ownEvPowerW = 0;
      for (const e of this.evses) ownEvPowerW += e.powerW();
      this.#outbox.push(this.#protocol.siteMeterValues(site.read(), ownEvPowerW));
    }
  }

  #setStatus(evseId: number, status: ConnectorStatus, apply: () => void, previous: ConnectorStatus): void {
    if (status === previous) return;
    apply();
    this.#outbox.push(this.#protocol.statusNotification(evseId, status));
    this.events.emit('status', { stationId: this.id, evseId, status, timeMs: this.context.clock.now() });
  }

  #setState(state: StationState): void {
    if (state === this.#state) return;
    this.#state = state;
    this.events.emit('state', { stationId: this.id, state, timeMs: this.context.clock.now() });
  }

  #emitFault(fault: string): void {
    this.events.emit('fault', { stationId: this.id, fault, timeMs: this.context.clock.now() });
  }

  #problem(message: string): void {
    this.events.emit('problem', { stationId: this.id, message, timeMs: this.context.clock.now() });
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
