import type { OcppVersion } from '../../common/ocpp-version.js';
import { TypedEvents } from '../../common/typed-events.js';
import { defaultValidator } from '../../schemas/validator.js';
import type { CsmsEvents } from '../csms-events.js';
import type { DlbHost } from './load-balancer.js';

/** A command the balancer sent, as the station received it. */
export interface SentCommand {
  readonly stationId: string;
  readonly action: string;
  readonly payload: Record<string, unknown>;
}

/**
 * An in-process stand-in for the CSMS around a load balancer, for unit tests of the balancer's
 * decisions: an event stream the test drives, and stations that answer commands (Accepted unless
 * told otherwise). Every command payload is checked against the official schema of the station's
 * version; an invalid one fails the call, as a real station would.
 */
export class DlbHostDouble implements DlbHost {
  readonly events = new TypedEvents<CsmsEvents>();
  readonly sent: SentCommand[] = [];
  readonly versions = new Map<string, OcppVersion>();
  /** Stations that answer SetChargingProfile with Rejected. */
  readonly rejecting = new Set<string>();
  #nextTx = 1;

  sendCommand(stationId: string, action: string, payload: unknown): Promise<unknown> {
    const version = this.versions.get(stationId) ?? '1.6';
    const check = defaultValidator().validate(version, action, 'request', payload);
    if (!check.ok) {
      return Promise.reject(
        new Error(
          `${action} payload invalid: ${check.violations.map((v) => `${v.pointer} ${v.message}`).join('; ')}`,
        ),
      );
    }
    this.sent.push({ stationId, action, payload: payload as Record<string, unknown> });
    const status = action === 'SetChargingProfile' && this.rejecting.has(stationId) ? 'Rejected' : 'Accepted';
    return Promise.resolve({ stationId, action, version, response: { status } });
  }

  /** Boots a station (Accepted). */
  boot(stationId: string, version: OcppVersion = '1.6', timeMs = 0): void {
    this.versions.set(stationId, version);
    this.events.emit('station.connected', { stationId, version, timeMs, replaced: false });
    this.events.emit('station.booted', {
      stationId,
      version,
      vendor: 'V',
      model: 'M',
      status: 'Accepted',
      timeMs,
    });
  }

  /** Starts a transaction on a station's connector / EVSE; returns its transaction id. */
  start(stationId: string, evseId = 1, idTag = 'TAG', timeMs = 0): number {
    const transactionId = this.#nextTx++;
    this.events.emit('transaction.started', {
      transactionId,
      transactionRef: this.versions.get(stationId) === '2.0.1' ? `T-${transactionId}` : String(transactionId),
      stationId,
      version: this.versions.get(stationId) ?? '1.6',
      idTag,
      meterStartWh: 0,
      startedAtMs: timeMs,
      evseId,
      connectorId: evseId,
    });
    return transactionId;
  }

  /** Ends a transaction started with {@link start} (1 kWh, stopped locally). */
  end(stationId: string, transactionId: number, evseId = 1, timeMs = 0): void {
    this.events.emit('transaction.ended', {
      transactionId,
      transactionRef: String(transactionId),
      stationId,
      evseId,
      energyWh: 1000,
      meterStopWh: 1000,
      reason: 'Local',
      endedAtMs: timeMs,
      transaction: {} as never,
    });
  }

  /** Reports an outlet current on every phase. */
  meter(stationId: string, evseId: number, currentA: number, timeMs: number): void {
    this.events.emit('meter.values', {
      stationId,
      evseId,
      connectorId: evseId,
      timeMs,
      samples: ['L1', 'L2', 'L3'].map((phase) => ({
        measurand: 'Current.Import',
        phase,
        location: 'Outlet',
        unit: 'A',
        value: currentA,
        rawValue: String(currentA),
      })),
    });
  }

  /** Limits sent in TxProfiles, in order: [stationId, limit]. */
  txLimits(): [string, number][] {
    return this.sent
      .filter((c) => c.action === 'SetChargingProfile')
      .map((c) => [c.stationId, c.payload] as const)
      .filter(([, p]) => JSON.stringify(p).includes('"TxProfile"'))
      .map(([id, p]) => [id, limitOf(p)]);
  }
}

/** The first period's limit of a SetChargingProfile payload of either version. */
export function limitOf(p: Record<string, unknown>): number {
  const profile = (p.csChargingProfiles ?? p.chargingProfile) as Record<string, unknown>;
  const schedule = profile.chargingSchedule as Record<string, unknown> | Record<string, unknown>[];
  const first = Array.isArray(schedule) ? schedule[0]! : schedule;
  return (first.chargingSchedulePeriod as { limit: number }[])[0]!.limit;
}
