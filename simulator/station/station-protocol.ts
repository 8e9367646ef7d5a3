import type { Clock } from '../../common/clock.js';
import type { FrameCounter, FrameTap, FrameValidator } from '../../common/rpc-types.js';
import type { SiteMeterReading } from '../../common/site-meter.js';
import type { Connection } from '../../common/transport.js';
import type { OcppVersion } from '../../common/ocpp-version.js';
import type { OutboxMessage } from './outbox.js';
import type { StationCommands } from './station-commands.js';
import type { StationContext } from './station-context.js';
import type {
  AuthorizationStatus,
  BootResult,
  ConnectorStatus,
  NeutralSample,
  StationIdentity,
  TransactionState,
  TxTrigger,
} from './station-types.js';

/** Why the station (re)booted (1.6 sends no reason; 2.0.1 BootReasonEnumType). */
export type BootReason = 'FirmwareUpdate' | 'PowerUp' | 'RemoteReset' | 'ScheduledReset' | 'Triggered';

/** A transaction event in neutral terms; each adapter turns it into its version's messages. */
export interface TxEvent {
  readonly kind: 'started' | 'updated' | 'ended';
  readonly tx: TransactionState;
  readonly trigger: TxTrigger;
  readonly samples: readonly NeutralSample[];
  readonly timeMs: number;
  /** Produced while the station was offline (2.0.1 `offline` flag). */
  readonly offline: boolean;
  /** 2.0.1: the charging state changed with this event. */
  readonly chargingStateChanged?: boolean;
  /** Told the CSMS's verdict on the idTag when the answer carries one. */
  readonly onIdTagStatus?: (status: AuthorizationStatus) => void;
}

/** The open link a protocol adapter gives the station. */
export interface ProtocolLink {
  close(code?: number, reason?: string): Promise<void>;
  onClose(listener: (code: number, reason: string) => void): void;
  /** Sends a frame as is (fault injection); still recorded by the tap. */
  sendRaw(text: string): Promise<void>;
}

/**
 * A version adapter: turns the station's neutral actions into one version's messages and that
 * version's CSMS commands into calls on the station. Thin by design: behaviour lives in the
 * version-neutral core.
 */
export interface StationProtocol {
  readonly version: OcppVersion;
  /** Wraps a fresh connection in an RPC endpoint and registers the command handlers. */
  attach(connection: Connection): ProtocolLink;
  bootNotification(reason: BootReason): Promise<BootResult>;
  heartbeat(): OutboxMessage;
  /** FirmwareStatusNotification Idle (the simulated firmware never updates on its own). */
  firmwareStatusIdle(): OutboxMessage;
  /**
   * Undefined when this version has nothing to report for the change (2.0.1: still Occupied).
   * `triggered` (TriggerMessage) reports the current status even when it has not changed.
   */
  statusNotification(evseId: number, status: ConnectorStatus, triggered?: boolean): OutboxMessage | undefined;
  authorize(idTag: string): Promise<AuthorizationStatus>;
  /** Undefined when this version sends nothing for the event (1.6: a charging-state change alone). */
  transactionEvent(event: TxEvent): OutboxMessage | undefined;
  /** Meter values outside a transaction (evse 0 = the station's own/site meter). */
  meterValues(evseId: number, samples: readonly NeutralSample[]): OutboxMessage;
  /** The site meter reading on connector/EVSE 0 (common/site-meter-measurands.ts convention). */
  siteMeterValues(reading: SiteMeterReading, ownEvPowerW: number): OutboxMessage;
}

/** What an adapter needs to build its endpoint. */
export interface ProtocolOptions {
  readonly stationId: string;
  readonly clock: Clock;
  readonly validator: FrameValidator;
  readonly tap?: FrameTap;
  readonly count?: FrameCounter;
  readonly callTimeoutMs: number;
  readonly identity: StationIdentity;
}

/** The station as an adapter sees it once built (read lazily: adapters are made first). */
export interface ProtocolHost {
  readonly context: StationContext;
  readonly commands: StationCommands;
}
