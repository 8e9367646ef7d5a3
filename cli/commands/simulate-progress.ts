import cliProgress from 'cli-progress';
import type { Fleet } from '../../simulator/fleet/create-fleet.js';

/** What the progress line shows of a fleet (or of the sum of its processes). */
export interface FleetFacts {
  online: number;
  /** Transactions running. */
  tx: number;
  frames: number;
  invalid: number;
}

/** A fleet's facts now. */
export function fleetFacts(fleet: Fleet): FleetFacts {
  const s = fleet.stations;
  return {
    online: s.filter((x) => x.isOnline).length,
    tx: s.reduce((n, x) => n + x.evses.filter((e) => e.tx !== undefined).length, 0),
    frames: fleet.frameStats.total,
    invalid: fleet.frameStats.invalid,
  };
}

/** Shows how far a run is: a bar on a terminal, a line every 10 % (or 30 s) otherwise. */
export interface Progress {
  update(doneMs: number, facts: FleetFacts): void;
  stop(): void;
}

/** Progress of a run of `totalMs` (clock time) on stderr. */
export function progressFor(totalMs: number): Progress {
  const minutes = Math.max(1, Math.round(totalMs / 60_000));
  if (process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        stream: process.stderr,
        format:
          'simulate |{bar}| {value}/{total} min | {online} online | {tx} charging | {frames} frames | {invalid} invalid',
        hideCursor: true,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(minutes, 0, { online: 0, tx: 0, frames: 0, invalid: 0 });
    return {
      update: (doneMs, facts) => bar.update(Math.min(minutes, Math.floor(doneMs / 60_000)), { ...facts }),
      stop: () => bar.stop(),
    };
  }
  let lastTenth = -1;
  let lastWall = performance.now();
  return {
    update(doneMs, f) {
      const tenth = Math.floor((doneMs / totalMs) * 10);
      const now = performance.now();
      if (tenth === lastTenth && now - lastWall < 30_000) return;
      lastTenth = tenth;
      lastWall = now;
      process.stderr.write(
        `simulate ${Math.round((doneMs / totalMs) * 100)}% (${Math.floor(doneMs / 60_000)}/${minutes} min): ` +
          `${f.online} online, ${f.tx} charging, ${f.frames} frames, ${f.invalid} invalid\n`,
      );
    },
    stop() {},
  };
}
