import type { ConnectorStatus, NeutralSample, StopReason, TransactionState } from './station-types.js';

/** Where a station is in its life. */
export type StationState =
  'stopped' | 'connecting' | 'booting' | 'pending' | 'rejected' | 'accepted' | 'offline' | 'resetting';

/** What a station tells the world (the fleet forwards these, with the station id in each). */
export interface StationEvents extends Record<string, unknown> {
  state: { stationId: string; state: StationState; timeMs: number };
  status: { stationId: string; evseId: number; status: ConnectorStatus; timeMs: number };
  'transaction-started': { stationId: string; evseId: number; tx: TransactionState; timeMs: number };
  'transaction-ended': {
    stationId: string;
    evseId: number;
    tx: TransactionState;
    reason: StopReason;
    energyWh: number;
    timeMs: number;
  };
  'meter-values': { stationId: string; evseId: number; sample: NeutralSample };
  /** The current offered to an EV changed (a profile, an availability change, a fault). */
  limit: { stationId: string; evseId: number; offeredA: number; timeMs: number };
  /** A fault was injected. */
  fault: { stationId: string; fault: string; timeMs: number };
  /** A transaction message was given up after its attempts, or another failure worth knowing. */
  problem: { stationId: string; message: string; timeMs: number };
}
