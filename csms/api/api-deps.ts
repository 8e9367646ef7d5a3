import type { Clock } from '../../common/clock.js';
import type { UserStore } from '../auth/user-store.js';
import type { CommandService } from '../commands/command-service.js';
import type { MessageLog } from '../log/message-log.js';
import type { MeterStore } from '../meter/meter-store.js';
import type { OcppServer } from '../server/ocpp-server.js';
import type { StationService } from '../stations/station-service.js';
import type { Store } from '../store/store.js';
import type { TransactionService } from '../transactions/transaction-service.js';

/** What the REST routers read and drive. */
export interface ApiDeps {
  readonly clock: Clock;
  readonly store: Store;
  readonly stations: StationService;
  readonly transactions: TransactionService;
  readonly meter: MeterStore;
  readonly messages: MessageLog;
  readonly server: OcppServer;
  readonly commands: CommandService;
  readonly users: UserStore;
  /** Default command timeout, clock ms. */
  readonly callTimeoutMs: number;
}

/** Epoch ms as ISO-8601 text, null kept. */
export function iso(ms: number | null | undefined): string | null {
  return ms === null || ms === undefined ? null : new Date(ms).toISOString();
}
