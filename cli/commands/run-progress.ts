import type { Writable } from 'node:stream';
import cliProgress from 'cli-progress';

/** Progress of a run: a bar on a terminal, plain lines elsewhere (CI logs). */
export interface RunProgress {
  start(total: number): void;
  scenario(name: string): void;
  /** Prints a line above the bar. */
  log(line: string): void;
  stop(): void;
}

/** A progress display on `stream` (a bar when it is a terminal). */
export function createProgress(stream: NodeJS.WriteStream | Writable): RunProgress {
  const tty = 'isTTY' in stream && stream.isTTY === true;
  if (!tty) {
    return {
      start: () => undefined,
      scenario: () => undefined,
      log: (line) => void process.stdout.write(`${line}\n`),
      stop: () => undefined,
    };
  }
  const bar = new cliProgress.SingleBar(
    {
      stream: stream,
      format: ' {bar} {value}/{total} scenarios | {scenario}',
      hideCursor: true,
      clearOnComplete: true,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  let done = 0;
  return {
    start(total) {
      started = true;
      bar.start(total, 0, { scenario: '' });
    },
    scenario(name) {
      if (started) bar.update(done, { scenario: name.slice(0, 50) });
    },
    log(line) {
      done++;
      if (started) {
        bar.stop();
        process.stdout.write(`${line}\n`);
        bar.start(bar.getTotal(), done, { scenario: '' });
      } else process.stdout.write(`${line}\n`);
    },
    stop() {
      if (started) bar.stop();
      started = false;
    },
  };
}
