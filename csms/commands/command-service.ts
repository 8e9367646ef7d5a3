import type { Clock } from '../../common/clock.js';
import { ConnectionClosedError, OcppError, RpcTimeoutError } from '../../common/ocpp-errors.js';
import type { OcppVersion } from '../../common/ocpp-version.js';
import type { FrameValidator } from '../../common/rpc-types.js';
import type { TypedEvents } from '../../common/typed-events.js';
import { travels } from '../../schemas/actions.js';
import type { CsmsEvents } from '../csms-events.js';
import type { OcppServer } from '../server/ocpp-server.js';
import type { StationService } from '../stations/station-service.js';
import type { TransactionService } from '../transactions/transaction-service.js';
import { CommandError } from './command-error.js';
import { remoteStartRefusal } from './remote-start-check.js';

/** Options for {@link CommandService}. */
export interface CommandServiceOptions {
  clock: Clock;
  server: OcppServer;
  stations: StationService;
  transactions: TransactionService;
  validator: FrameValidator;
  events: TypedEvents<CsmsEvents>;
  /** Default wait for the station's answer, clock ms. */
  callTimeoutMs: number;
}

/** A 2.0.1 device-model report collected after GetBaseReport. */
export interface CollectedReport {
  readonly requestId: number;
  /** False when the wait ended before the part with `tbc: false` arrived. */
  readonly complete: boolean;
  readonly reportData: unknown[];
}

/** The station's answer to a command. */
export interface CommandResult {
  readonly stationId: string;
  readonly action: string;
  readonly version: OcppVersion;
  readonly response: unknown;
  /** GetBaseReport: the NotifyReport parts that followed. */
  readonly report?: CollectedReport;
}

/**
 * Sends commands (CSMS-initiated CALLs) to connected stations: checks the action exists for the
 * station's version and travels CSMS to station, validates the payload against the schema, refuses
 * a remote start the station cannot take, and turns every failure into a {@link CommandError}.
 */
export class CommandService {
  readonly #o: CommandServiceOptions;

  constructor(options: CommandServiceOptions) {
    this.#o = options;
  }

  /**
   * Sends `action` with `payload` to the station and resolves with its answer.
   * @throws CommandError (station offline, unknown action, invalid payload, refused start,
   *   the station's CALLERROR, no answer in time)
   */
  async send(
    stationId: string,
    action: string,
    payload: unknown,
    options: { timeoutMs?: number } = {},
  ): Promise<CommandResult> {
    const { server, validator } = this.#o;
    const session = server.session(stationId);
    if (session === undefined) {
      const known = await this.#o.stations.get(stationId);
      if (known === undefined)
        throw new CommandError('unknown_station', `no station ${stationId} is registered`);
      throw new CommandError(
        'station_offline',
        `station ${stationId} is not connected: wait for it to reconnect`,
      );
    }
    const version = session.version;
    if (!travels(version, action, 'csms->station')) {
      throw new CommandError(
        'unsupported_action',
        `${action} is not a command of OCPP ${version} (station ${stationId} speaks ${version})`,
      );
    }
    const check = validator.validate(version, action, 'request', payload);
    if (!check.ok) {
      const first = check.violations[0]!;
      throw new CommandError(
        'invalid_payload',
        `${action} payload is not valid OCPP ${version}: ${first.pointer === '' ? 'payload' : first.pointer} ${first.message}`,
        { violations: check.violations },
      );
    }
    if (!session.admitted) {
      throw new CommandError(
        'station_not_accepted',
        session.refusal ?? `station ${stationId} is not accepted`,
      );
    }
    if (action === 'RemoteStartTransaction' || action === 'RequestStartTransaction') {
      await this.#checkRemoteStart(
        stationId,
        version,
        action,
        payload as { connectorId?: number; evseId?: number },
      );
    }
    const timeoutMs = options.timeoutMs ?? this.#o.callTimeoutMs;
    if (action === 'GetBaseReport') {
      return this.#getBaseReport(stationId, version, payload as { requestId: number }, timeoutMs);
    }
    const response = await this.#call(stationId, action, payload, timeoutMs);
    return { stationId, action, version, response };
  }

  async #call(stationId: string, action: string, payload: unknown, timeoutMs: number): Promise<unknown> {
    const session = this.#o.server.session(stationId);
    if (session === undefined) {
      throw new CommandError(
        'station_offline',
        `station ${stationId} disconnected: wait for it to reconnect`,
      );
    }
    try {
      return await session.endpoint.call(action, payload, { timeoutMs });
    } catch (error) {
      if (error instanceof RpcTimeoutError) {
        throw new CommandError(
          'station_timeout',
          `station ${stationId} did not answer ${action} within ${timeoutMs} ms`,
        );
      }
      if (error instanceof ConnectionClosedError) {
        throw new CommandError(
          'station_offline',
          `station ${stationId} disconnected before answering ${action}`,
        );
      }
      if (error instanceof OcppError) {
        throw new CommandError(
          'station_error',
          `station ${stationId} answered ${action} with ${error.code}: ${error.description}`,
          {
            ocppErrorCode: error.code,
            ocppErrorDescription: error.description,
            ocppErrorDetails: error.details,
          },
        );
      }
      throw error;
    }
  }

  async #checkRemoteStart(
    stationId: string,
    version: OcppVersion,
    action: string,
    payload: { connectorId?: number; evseId?: number },
  ): Promise<void> {
    const evseId = version === '1.6' ? payload.connectorId : payload.evseId;
    const [connectors, running] = await Promise.all([
      this.#o.stations.connectors(stationId),
      this.#o.transactions.running(stationId),
    ]);
    const refusal = remoteStartRefusal(version, connectors, new Set(running.map((t) => t.evseId)), evseId);
    if (refusal !== undefined) {
      throw new CommandError(
        'connector_not_available',
        `${action} refused for station ${stationId}: ${refusal}`,
      );
    }
  }

  async #getBaseReport(
    stationId: string,
    version: OcppVersion,
    payload: { requestId: number },
    timeoutMs: number,
  ): Promise<CommandResult> {
    const { events, clock } = this.#o;
    const reportData: unknown[] = [];
    let finish: (complete: boolean) => void = () => undefined;
    const done = new Promise<boolean>((resolve) => {
      finish = resolve;
    });
    const off = events.on('report.part', (part) => {
      if (part.stationId !== stationId || part.requestId !== payload.requestId) return;
      reportData.push(...part.reportData);
      if (!part.tbc) finish(true);
    });
    try {
      const response = await this.#call(stationId, 'GetBaseReport', payload, timeoutMs);
      if ((response as { status?: string }).status !== 'Accepted') {
        return { stationId, action: 'GetBaseReport', version, response };
      }
      const timer = clock.setTimer(() => finish(false), timeoutMs);
      const complete = await done;
      clock.clearTimer(timer);
      return {
        stationId,
        action: 'GetBaseReport',
        version,
        response,
        report: { requestId: payload.requestId, complete, reportData },
      };
    } finally {
      off();
    }
  }
}
