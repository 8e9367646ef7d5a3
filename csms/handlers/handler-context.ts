import type { Clock } from '../../common/clock.js';
import type { OcppVersion } from '../../common/ocpp-version.js';
import type { ActionMap } from '../../common/rpc-types.js';
import type { TypedEvents } from '../../common/typed-events.js';
import type { AuthorizationService } from '../auth/authorization-service.js';
import type { CsmsEvents } from '../csms-events.js';
import type { MeterStore } from '../meter/meter-store.js';
import type { ReportStore } from '../stations/report-store.js';
import type { StationService } from '../stations/station-service.js';
import { isStorableTimeMs } from '../store/storable-time.js';
import type { Store } from '../store/store.js';
import type { TransactionService } from '../transactions/transaction-service.js';

/** The version-neutral services handlers are thin over. */
export interface CsmsServices {
  readonly clock: Clock;
  readonly store: Store;
  readonly stations: StationService;
  readonly auth: AuthorizationService;
  readonly transactions: TransactionService;
  readonly meter: MeterStore;
  readonly reports: ReportStore;
  readonly events: TypedEvents<CsmsEvents>;
  /** Heartbeat interval given to accepted stations, seconds. */
  readonly heartbeatIntervalS: number;
  /** Interval after which a Pending or Rejected station may boot again, seconds. */
  readonly bootRetryIntervalS: number;
}

/** What a handler knows about the call it answers. */
export interface HandlerContext {
  readonly services: CsmsServices;
  readonly stationId: string;
  readonly version: OcppVersion;
  /** Clock time the CALL arrived, epoch ms. */
  readonly receivedAtMs: number;
  readonly messageId: string;
}

/** A handler for one action: payload in, response out (throw OcppError for a CALLERROR). */
export type Handler<Req, Res> = (payload: Req, ctx: HandlerContext) => Promise<Res>;

/** Handlers by action for the actions of `In`; actions left out are answered NotSupported. */
export type HandlerMap<In extends ActionMap> = {
  readonly [A in keyof In]?: Handler<In[A]['request'], In[A]['response']>;
};

/** Clock time as the UTC ISO-8601 text frames carry. */
export function isoAt(timeMs: number): string {
  return new Date(timeMs).toISOString();
}

/**
 * Parses a frame's date-time, falling back to `fallbackMs` for text that is not a time, or names
 * one the store cannot hold as given (such as year 0).
 */
export function timeOf(text: string | undefined, fallbackMs: number): number {
  if (text === undefined) return fallbackMs;
  const ms = Date.parse(text);
  return isStorableTimeMs(ms) ? ms : fallbackMs;
}
