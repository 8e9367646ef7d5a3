import type { Station } from '../station/station-core.js';
import type { StationState } from '../station/station-events.js';
import type { FrameStatsSnapshot } from './frame-stats.js';

/** What one station did in a run. */
export interface StationResult {
  readonly id: string;
  readonly version: string;
  readonly vendor: string;
  readonly model: string;
  readonly state: StationState;
  readonly boots: number;
  readonly disconnects: number;
  readonly transactionsStarted: number;
  readonly transactionsEnded: number;
  /** Energy delivered: ended transactions, plus running ones up to their latest meter reading, Wh. */
  readonly energyWh: number;
  readonly stopReasons: Record<string, number>;
  readonly faults: number;
  readonly problems: number;
  /** The latest problem the station reported (a failed connection, a refused boot, ...), if any. */
  readonly lastProblem?: string;
  /** Transaction messages still queued when the summary was taken. */
  readonly queuedTransactionMessages: number;
  readonly frames: { sent: number; received: number; invalid: number };
}

/** A run's summary: frame validation counts and per-station results. */
export interface FleetSummary {
  readonly stations: number;
  /** Stations online when the summary was taken (a command that stops its fleet takes it before). */
  readonly online: number;
  readonly transactionsStarted: number;
  readonly transactionsEnded: number;
  /** Energy delivered by every station (see {@link StationResult.energyWh}), Wh. */
  readonly energyWh: number;
  readonly frames: FrameStatsSnapshot;
  readonly perStation: StationResult[];
}

interface Tally {
  boots: number;
  disconnects: number;
  started: number;
  ended: number;
  energyWh: number;
  stopReasons: Record<string, number>;
  faults: number;
  problems: number;
  lastProblem: string | undefined;
}

/** Energy of a station's running transactions so far (a register reset counts as none), Wh. */
function runningEnergyWh(station: Station): number {
  let wh = 0;
  for (const evse of station.evses) {
    if (evse.tx !== undefined) wh += Math.max(0, evse.registerWh - evse.tx.meterStartWh);
  }
  return wh;
}

/** Reasons with their station counts as a record, most common first (then by text). */
export function reasonCounts(counts: Iterable<[string, number]>): Record<string, number> {
  return Object.fromEntries([...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])));
}

/** `text` as a pattern that matches it literally. */
function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Keeps each station's tally from its events. */
export class StationResults {
  readonly #tallies = new Map<string, Tally>();

  constructor(private readonly stations: readonly Station[]) {}

  /** Starts counting a station's events. */
  watch(station: Station): void {
    const t: Tally = {
      boots: 0,
      disconnects: 0,
      started: 0,
      ended: 0,
      energyWh: 0,
      stopReasons: {},
      faults: 0,
      problems: 0,
      lastProblem: undefined,
    };
    this.#tallies.set(station.id, t);
    station.events.on('state', (e) => {
      if (e.state === 'accepted') t.boots++;
      if (e.state === 'offline') t.disconnects++;
    });
    station.events.on('transaction-started', () => t.started++);
    station.events.on('transaction-ended', (e) => {
      t.ended++;
      t.energyWh += e.energyWh;
      t.stopReasons[e.reason] = (t.stopReasons[e.reason] ?? 0) + 1;
    });
    station.events.on('fault', () => t.faults++);
    station.events.on('problem', (e) => {
      t.problems++;
      t.lastProblem = e.message;
    });
  }

  /**
   * Why the stations that are not online now are not: each one's latest problem ("no problem
   * reported" when it has none), with how many stations share it, most common first.
   */
  notOnline(): Record<string, number> {
    const reasons = new Map<string, number>();
    for (const s of this.stations) {
      if (s.isOnline) continue;
      const problem = this.#tallies.get(s.id)?.lastProblem;
      // Stations with the same trouble share a reason: the station's own URL segment is left out.
      const reason =
        problem === undefined
          ? 'no problem reported'
          : problem.replace(new RegExp(`/${escapeRegExp(s.id)}(?=[:/\\s]|$)`, 'g'), '/{stationId}');
      reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
    }
    return reasonCounts(reasons);
  }

  /** The summary now. */
  summary(frames: FrameStatsSnapshot): FleetSummary {
    const perStation = this.stations.map((s): StationResult => {
      const t = this.#tallies.get(s.id)!;
      return {
        id: s.id,
        version: s.version,
        vendor: s.identity.vendor,
        model: s.identity.model,
        state: s.state,
        boots: t.boots,
        disconnects: t.disconnects,
        transactionsStarted: t.started,
        transactionsEnded: t.ended,
        energyWh: Math.round(t.energyWh + runningEnergyWh(s)),
        stopReasons: { ...t.stopReasons },
        faults: t.faults,
        problems: t.problems,
        ...(t.lastProblem === undefined ? {} : { lastProblem: t.lastProblem }),
        queuedTransactionMessages: s.queuedTransactionMessages,
        frames: frames.byStation[s.id] ?? { sent: 0, received: 0, invalid: 0 },
      };
    });
    return {
      stations: perStation.length,
      online: this.stations.filter((s) => s.isOnline).length,
      transactionsStarted: perStation.reduce((n, s) => n + s.transactionsStarted, 0),
      transactionsEnded: perStation.reduce((n, s) => n + s.transactionsEnded, 0),
      energyWh: perStation.reduce((n, s) => n + s.energyWh, 0),
      frames,
      perStation,
    };
  }
}
