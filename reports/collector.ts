import { IANAZone } from 'luxon';
import type { FrameRecord } from '../common/rpc-types.js';
import { CaseCollector } from './case-collector.js';
import type { CaseInfo } from './case-collector.js';
import { DEFAULT_MAX_POINTS } from './downsample.js';
import type { Comparison, ReportCase, RunReport } from './run-report.js';

/** What a run is. */
export interface RunCollectorOptions {
  readonly command: string;
  readonly seed: string | number;
  readonly startedAtMs: number;
  readonly title?: string;
  /** Most points per drawn trace (min/max bucketing keeps peaks); default 2,000. */
  readonly maxPointsPerTrace?: number;
}

/**
 * Collects a whole run: the frame log (frames.jsonl), one {@link CaseCollector} per scenario or
 * conformance case, and for `compare` the comparison. `build` gives the {@link RunReport} the
 * writers take.
 */
export class RunCollector {
  readonly #frames: FrameRecord[] = [];
  readonly #cases: CaseCollector[] = [];
  readonly #maxPoints: number;
  #comparison: Comparison | undefined;

  constructor(readonly options: RunCollectorOptions) {
    this.#maxPoints = options.maxPointsPerTrace ?? DEFAULT_MAX_POINTS;
    if (!Number.isInteger(this.#maxPoints) || this.#maxPoints < 8) {
      throw new Error(`maxPointsPerTrace must be an integer of at least 8, got ${this.#maxPoints}`);
    }
  }

  /** Frames recorded so far. */
  get frameCount(): number {
    return this.#frames.length;
  }

  /** Starts collecting a case; ids are unique within a run. */
  startCase(info: CaseInfo): CaseCollector {
    if (this.#cases.some((c) => c.info.id === info.id)) {
      throw new Error(`case id "${info.id}" is used twice in this run; give each case its own id`);
    }
    if (info.timeZone !== undefined && !IANAZone.isValidZone(info.timeZone)) {
      throw new Error(
        `case "${info.id}": unknown time zone "${info.timeZone}"; use an IANA name such as Asia/Kolkata`,
      );
    }
    const c = new CaseCollector(info, {
      maxPointsPerTrace: this.#maxPoints,
      frameLog: (r) => this.recordFrame(r),
    });
    this.#cases.push(c);
    return c;
  }

  /** Appends a frame that belongs to no case; returns its 1-based line in frames.jsonl. */
  recordFrame(record: FrameRecord): number {
    this.#frames.push(record);
    return this.#frames.length;
  }

  /** Sets the `compare` section. */
  setComparison(comparison: Comparison): void {
    this.#comparison = comparison;
  }

  /** The run's report. A case never finished is reported as ERROR, not dropped. */
  build(endedAtMs: number): RunReport {
    const cases: ReportCase[] = this.#cases.map(
      (c) =>
        c.result ??
        c.finish({
          verdict: 'ERROR',
          durationMs: 0,
          failure: { message: `case "${c.info.id}" did not finish (the run stopped before it ended)` },
        }),
    );
    if (this.#comparison !== undefined) {
      for (const s of this.#comparison.strategies) {
        if (!cases.some((c) => c.id === s.caseId)) {
          throw new Error(
            `comparison strategy "${s.name}" names case "${s.caseId}", which is not in this run`,
          );
        }
      }
    }
    return {
      command: this.options.command,
      ...(this.options.title === undefined ? {} : { title: this.options.title }),
      seed: this.options.seed,
      startedAtMs: this.options.startedAtMs,
      endedAtMs,
      cases,
      frames: [...this.#frames],
      ...(this.#comparison === undefined ? {} : { comparison: this.#comparison }),
    };
  }
}
