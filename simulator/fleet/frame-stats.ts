import type { FrameDirection, FrameSummary } from '../../common/rpc-types.js';

/** Frames of one action in one direction, by verdict. */
export interface VerdictCounts {
  valid: number;
  invalid: number;
  unchecked: number;
}

/** Frame counts of a run: per action, per direction, per verdict; and per station. */
export interface FrameStatsSnapshot {
  readonly total: number;
  readonly invalid: number;
  readonly byAction: Record<string, Partial<Record<FrameDirection, VerdictCounts>>>;
  readonly byStation: Record<string, { sent: number; received: number; invalid: number }>;
}

/**
 * Counts every frame a fleet sends and receives, with the validator's verdict, by action and
 * direction (the `summary.json` table). Constant memory per action and station.
 */
export class FrameStats {
  #total = 0;
  #invalid = 0;
  readonly #byAction = new Map<string, Map<FrameDirection, VerdictCounts>>();
  readonly #byStation = new Map<string, { sent: number; received: number; invalid: number }>();

  /** Counts one frame. */
  add(record: FrameSummary): void {
    this.#total++;
    const action = record.action ?? `(${record.messageType})`;
    let dirs = this.#byAction.get(action);
    if (dirs === undefined) {
      dirs = new Map();
      this.#byAction.set(action, dirs);
    }
    let counts = dirs.get(record.direction);
    if (counts === undefined) {
      counts = { valid: 0, invalid: 0, unchecked: 0 };
      dirs.set(record.direction, counts);
    }
    counts[record.verdict]++;
    let station = this.#byStation.get(record.stationId);
    if (station === undefined) {
      station = { sent: 0, received: 0, invalid: 0 };
      this.#byStation.set(record.stationId, station);
    }
    if (record.direction === 'station->csms') station.sent++;
    else station.received++;
    if (record.verdict === 'invalid') {
      this.#invalid++;
      station.invalid++;
    }
  }

  /** Frames counted so far. */
  get total(): number {
    return this.#total;
  }

  /** Invalid frames counted so far. */
  get invalid(): number {
    return this.#invalid;
  }

  /** A plain-object copy, actions and stations in sorted order. */
  snapshot(): FrameStatsSnapshot {
    const byAction: FrameStatsSnapshot['byAction'] = {};
    for (const action of [...this.#byAction.keys()].sort()) {
      const dirs = this.#byAction.get(action)!;
      byAction[action] = Object.fromEntries([...dirs.entries()].sort().map(([d, c]) => [d, { ...c }]));
    }
    const byStation: FrameStatsSnapshot['byStation'] = {};
    for (const id of [...this.#byStation.keys()].sort()) byStation[id] = { ...this.#byStation.get(id)! };
    return { total: this.#total, invalid: this.#invalid, byAction, byStation };
  }
}
