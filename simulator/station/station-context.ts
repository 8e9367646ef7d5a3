import type { Clock } from '../../common/clock.js';
import type { OcppVersion } from '../../common/ocpp-version.js';
import type { Rng } from '../../common/rng.js';
import type { TypedEvents } from '../../common/typed-events.js';
import type { ChargingProfileStore } from '../smart-charging/profile-store.js';
import type { Evse } from './evse.js';
import type { Outbox } from './outbox.js';
import type { StationConfig } from './station-config.js';
import type { StationEvents } from './station-events.js';
import type { StationProtocol } from './station-protocol.js';
import type { ConnectorStatus, StationIdentity } from './station-types.js';
import type { TimerSet } from './timer-set.js';

/** Fault switches the behaviour code consults. */
export interface BehaviourFaults {
  ignoreLimits: boolean;
  /** True when this periodic sample is to be held back and sent after the next one. */
  holdMeterValues: () => boolean;
}

/**
 * What the station's parts share: state and services, no behaviour. The Station builds it;
 * transactions, charging control and command handling each receive it.
 */
export interface StationContext {
  readonly id: string;
  readonly version: OcppVersion;
  readonly clock: Clock;
  readonly rng: Rng;
  readonly identity: StationIdentity;
  readonly config: StationConfig;
  readonly evses: readonly Evse[];
  readonly profiles: ChargingProfileStore;
  readonly events: TypedEvents<StationEvents>;
  readonly outbox: Outbox;
  readonly timers: TimerSet;
  readonly protocol: StationProtocol;
  readonly faults: BehaviourFaults;
  /** Offered while offline when no profile limits an EVSE; undefined = the rating. */
  readonly fallbackLimitA: number | undefined;
  readonly onEvFull: 'suspend' | 'stop';
  /** Send MeterValues at the sample interval while no transaction runs. */
  readonly idleMeterValues: boolean;
  /** Connected and registration accepted. */
  isOnline(): boolean;
  /** The EVSE with that id (1-based), or undefined. */
  evse(evseId: number): Evse | undefined;
  /** Changes an EVSE's status and reports it (no report when unchanged). */
  setStatus(evse: Evse, status: ConnectorStatus): void;
}
