import { once } from 'node:events';
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import type { WriteStream } from 'node:fs';
import { join } from 'node:path';
import type { FrameRecord, FrameTap } from '../../common/rpc-types.js';

/**
 * Writes every frame of a run to `frames.jsonl` in a report directory, one FrameRecord per line,
 * in the order the fleet saw them, and the run's `summary.json` beside it.
 */
export class FleetReportWriter {
  readonly framesPath: string;
  readonly summaryPath: string;
  readonly #stream: WriteStream;
  #lines = 0;

  /** Creates the directory (and parents) and opens `frames.jsonl`. */
  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true });
    this.framesPath = join(dir, 'frames.jsonl');
    this.summaryPath = join(dir, 'summary.json');
    this.#stream = createWriteStream(this.framesPath, { encoding: 'utf8' });
  }

  /** Frames written so far. */
  get frames(): number {
    return this.#lines;
  }

  /** The tap to give the fleet. */
  readonly tap: FrameTap = (record: FrameRecord) => {
    this.#lines++;
    this.#stream.write(`${JSON.stringify(record)}\n`);
  };

  /** Writes `summary.json` (pretty-printed) and closes `frames.jsonl`. */
  async finish(summary: unknown): Promise<void> {
    writeFleetSummary(this.dir, summary);
    this.#stream.end();
    await once(this.#stream, 'finish');
  }
}

/** Writes a run's `summary.json` (pretty-printed) into `dir`; returns its path. */
export function writeFleetSummary(dir: string, summary: unknown): string {
  const path = join(dir, 'summary.json');
  writeFileSync(path, `${JSON.stringify(summary, null, 2)}\n`);
  return path;
}
