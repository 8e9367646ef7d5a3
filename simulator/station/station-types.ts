import type { Phase } from '../../common/units.js';

/**
 * Connector status in version-neutral terms, following the 1.6 state machine. 2.0.1 maps
 * Preparing, Charging, SuspendedEV/EVSE and Finishing onto `Occupied` and reports the charging state inside
 * TransactionEvent.
 */
export type ConnectorStatus =
  | 'Available'
  | 'Preparing'
  | 'Charging'
  | 'SuspendedEV'
  | 'SuspendedEVSE'
  | 'Finishing'
  | 'Reserved'
  | 'Unavailable'
  | 'Faulted';

/** Why a transaction ended, in version-neutral terms (each adapter maps it to its enum). */
export type StopReason =
  | 'Local'
  | 'Remote'
  | 'EVDisconnected'
  | 'EVFull'
  | 'DeAuthorized'
  | 'HardReset'
  | 'SoftReset'
  | 'UnlockCommand'
  | 'PowerLoss'
  | 'Other';

/** What made a transaction start or change (2.0.1 trigger reasons; 1.6 ignores them). */
export type TxTrigger =
  | 'Authorized'
  | 'CablePluggedIn'
  | 'RemoteStart'
  | 'RemoteStop'
  | 'StopAuthorized'
  | 'EVCommunicationLost'
  | 'ChargingStateChanged'
  | 'ChargingRateChanged'
  | 'MeterValuePeriodic'
  | 'Deauthorized'
  | 'ResetCommand'
  | 'UnlockCommand'
  | 'Trigger';

/** Why a sample was taken. */
export type SampleContext =
  | 'Sample.Periodic'
  | 'Transaction.Begin'
  | 'Transaction.End'
  | 'Trigger'
  | 'Interruption.Begin'
  | 'Interruption.End';

/** The measurands the station reports. */
export type Measurand =
  | 'Energy.Active.Import.Register'
  | 'Power.Active.Import'
  | 'Power.Active.Export'
  | 'Current.Import'
  | 'Current.Offered'
  | 'Voltage'
  | 'SoC';

/** One measured value, neutral: numbers with their unit; adapters format for the wire. */
export interface NeutralSampledValue {
  readonly measurand: Measurand;
  readonly value: number;
  readonly unit: 'Wh' | 'W' | 'A' | 'V' | 'Percent';
  /** Phase for per-phase values; voltage is phase-to-neutral. */
  readonly phase?: Phase;
  readonly location?: 'Outlet' | 'EV' | 'Inlet' | 'Body';
}

/** A set of values taken at one instant. */
export interface NeutralSample {
  readonly timeMs: number;
  readonly context: SampleContext;
  readonly values: readonly NeutralSampledValue[];
}

/** Charging state of an EVSE during a transaction (2.0.1 ChargingStateEnumType). */
export type ChargingState = 'Charging' | 'EVConnected' | 'SuspendedEV' | 'SuspendedEVSE' | 'Idle';

/** A transaction as the station holds it. */
export interface TransactionState {
  /** The station's own id (2.0.1 transactionId; 1.6 uses it until the CSMS gives one). */
  readonly localId: string;
  /** The id the CSMS knows the transaction by (1.6: from StartTransaction.conf; 2.0.1: = localId). */
  transactionId?: string;
  readonly evseId: number;
  readonly idTag: string;
  /** 2.0.1 IdTokenEnumType of the token (default ISO14443). */
  readonly idTokenType?: string;
  readonly startMs: number;
  readonly meterStartWh: number;
  /** 2.0.1 remoteStartId, when started by RequestStartTransaction. */
  readonly remoteStartId?: number;
  /** 2.0.1 next seqNo. */
  seqNo: number;
  chargingState: ChargingState;
  /** Set once the transaction has ended. */
  stopReason?: StopReason;
  stopMs?: number;
  meterStopWh?: number;
}

/** Registration status from BootNotification. */
export type RegistrationStatus = 'Accepted' | 'Pending' | 'Rejected';

/** What the CSMS answered to a BootNotification. */
export interface BootResult {
  readonly status: RegistrationStatus;
  readonly intervalS: number;
  readonly csmsTimeMs: number;
}

/** Authorization verdict for an idTag. */
export type AuthorizationStatus = 'Accepted' | 'Blocked' | 'Expired' | 'Invalid' | 'ConcurrentTx' | 'Unknown';

/** The seeded identity a station boots with. */
export interface StationIdentity {
  readonly vendor: string;
  readonly model: string;
  readonly serialNumber: string;
  readonly firmwareVersion: string;
}
