import type { Clock } from '../../common/clock.js';
import type { OcppVersion } from '../../common/ocpp-version.js';
import type { Rng } from '../../common/rng.js';
import type { FrameCounter, FrameTap, FrameValidator } from '../../common/rpc-types.js';
import type { SiteMeter } from '../../common/site-meter.js';
import type { Transport } from '../../common/transport.js';
import type { Phase } from '../../common/units.js';
import type { FaultSpec } from '../faults/fault-spec.js';
import type { AlignedTicker } from './aligned-ticker.js';
import type { BackoffOptions } from './reconnect-backoff.js';
import type { StationIdentity } from './station-types.js';

/** Everything a simulated station is built from. Only the first block is required. */
export interface StationOptions {
  /** Charge point identity, the last segment of the URL. */
  readonly id: string;
  readonly version: OcppVersion;
  /** Base URL of the CSMS (the station appends `/{id}`). */
  readonly csmsUrl: string;
  readonly transport: Transport;
  readonly clock: Clock;
  /** This station's own stream (`runRng.fork('station/<id>')`). */
  readonly rng: Rng;
  readonly validator: FrameValidator;

  /** Sees every frame in and out. */
  readonly tap?: FrameTap;
  /** Counts every frame in and out, without its text (which need not be built for it). */
  readonly count?: FrameCounter;
  /** Shared clock-aligned ticker (a fleet passes one so stations sample together); one is made if absent. */
  readonly ticker?: AlignedTicker;
  /** Vendor, model, serial, firmware; drawn from `rng` when absent. */
  readonly identity?: StationIdentity;
  /** Number of EVSEs, one connector each. Default 1. */
  readonly evseCount?: number;
  /** Rated current per phase of each EVSE, A. Default 32. */
  readonly maxCurrentA?: number;
  /** Phases wired to the station. Default 3. */
  readonly phases?: 1 | 3;
  /** Supply phase a single-phase station sits on (phase rotation). Default L1. */
  readonly phase?: Phase;
  /** Phase-to-neutral voltage. Default 230. */
  readonly voltageV?: number;
  /** Initial MeterValueSampleInterval / TxUpdatedInterval, s. Default 60. */
  readonly meterIntervalS?: number;
  /** Heartbeat interval used until the CSMS gives one, s. Default 300. */
  readonly heartbeatIntervalS?: number;
  /** Current per phase offered while offline when no profile limits the EVSE (unset: the rating). */
  readonly fallbackLimitA?: number;
  /** What happens when the EV is full: stay in SuspendedEV until it leaves (default) or end the transaction. */
  readonly onEvFull?: 'suspend' | 'stop';
  /** CALL timeout, ms of clock time. Default 30,000. */
  readonly callTimeoutMs?: number;
  /** Reconnect back-off. */
  readonly backoff?: BackoffOptions;
  /** Time a reset takes before the station boots again, ms. Default 5,000. */
  readonly rebootDelayMs?: number;
  /** When set, this station is the site's meter station: it also reports grid readings (connector 0). */
  readonly siteMeter?: SiteMeter;
  /** Also send MeterValues at the sample interval while no transaction runs (as many chargers are set to). Default false. */
  readonly idleMeterValues?: boolean;
  /** Shift of the sampling instants within the interval, ms (spreads a fleet's meter values). Default 0. */
  readonly sampleOffsetMs?: number;
  /** Faults to inject. */
  readonly faults?: FaultSpec;
}

/** Checks options that cannot be right and says which field to change. */
export function checkStationOptions(o: StationOptions): void {
  const fail = (field: string, rule: string): never => {
    throw new Error(`station ${o.id}: ${field} ${rule}`);
  };
  if (!/^[\w.:-]{1,48}$/.test(o.id))
    fail('id', `must be 1-48 letters, digits, '.', ':', '_' or '-', got "${o.id}"`);
  if (
    o.evseCount !== undefined &&
    !(Number.isInteger(o.evseCount) && o.evseCount >= 1 && o.evseCount <= 16)
  ) {
    fail('evseCount', `must be an integer from 1 to 16, got ${o.evseCount}`);
  }
  if (o.maxCurrentA !== undefined && !(o.maxCurrentA >= 6 && o.maxCurrentA <= 500)) {
    fail('maxCurrentA', `must be between 6 and 500 A, got ${o.maxCurrentA}`);
  }
  if (o.phases !== undefined && o.phases !== 1 && o.phases !== 3)
    fail('phases', `must be 1 or 3, got ${String(o.phases)}`);
  if (o.meterIntervalS !== undefined && !(Number.isInteger(o.meterIntervalS) && o.meterIntervalS >= 1)) {
    fail('meterIntervalS', `must be a whole number of seconds >= 1, got ${o.meterIntervalS}`);
  }
  if (o.fallbackLimitA !== undefined && !(o.fallbackLimitA >= 0)) {
    fail('fallbackLimitA', `must be >= 0 A, got ${o.fallbackLimitA}`);
  }
}
