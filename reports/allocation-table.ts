import { minMaxIndices } from './downsample.js';
import { naturalCompare } from './natural-compare.js';
import type { Series } from './run-report.js';

/** What a strategy gave one charger at one moment. */
export interface ChargerAllocation {
  readonly chargerId: string;
  /** Power allowed, W (total over the phases the charger uses). */
  readonly powerW: number;
}

/**
 * Snapshots of the power allocated to every charger, on shared times so that the traces stack.
 * A charger absent from a snapshot has 0 W; downsampling keeps the peaks of the total.
 */
export class AllocationTable {
  readonly #timesMs: number[] = [];
  readonly #columns = new Map<string, number[]>();

  /** Records one snapshot; a second snapshot at the same time replaces the first. */
  record(timeMs: number, allocations: readonly ChargerAllocation[]): void {
    const last = this.#timesMs[this.#timesMs.length - 1];
    if (last !== undefined && timeMs < last) {
      throw new Error(`allocation at ${timeMs} is earlier than the previous one at ${last}`);
    }
    const seen = new Set<string>();
    for (const a of allocations) {
      if (!Number.isFinite(a.powerW) || a.powerW < 0) {
        throw new Error(`allocation for charger "${a.chargerId}" must be a power >= 0 W, got ${a.powerW}`);
      }
      if (seen.has(a.chargerId)) throw new Error(`charger "${a.chargerId}" appears twice in one allocation`);
      seen.add(a.chargerId);
    }
    if (last !== timeMs) {
      this.#timesMs.push(timeMs);
      for (const column of this.#columns.values()) column.push(0);
    }
    const row = this.#timesMs.length - 1;
    for (const column of this.#columns.values()) column[row] = 0;
    for (const a of allocations) {
      let column = this.#columns.get(a.chargerId);
      if (column === undefined) {
        column = new Array<number>(this.#timesMs.length).fill(0);
        this.#columns.set(a.chargerId, column);
      }
      column[row] = a.powerW;
    }
  }

  /** One `hv` series per charger (natural order of ids), all on the same kept times. */
  toSeries(maxPoints: number): Series[] {
    const columns = [...this.#columns.entries()].sort(([a], [b]) => naturalCompare(a, b));
    const total = (i: number): number => columns.reduce((s, [, c]) => s + c[i]!, 0);
    const keep = minMaxIndices(this.#timesMs.length, total, maxPoints);
    const timesMs = keep.map((i) => this.#timesMs[i]!);
    return columns.map(([chargerId, column]) => ({
      name: chargerId,
      unit: 'W',
      timesMs,
      values: keep.map((i) => column[i]!),
      shape: 'hv' as const,
    }));
  }
}
