import type { ActivityTracker } from '../activity-tracker.js';
import { createMemoryTransport } from '../memory-transport.js';
import type { Connection, ListenOptions, Transport } from '../transport.js';
import { createWsTransport } from '../ws-transport.js';

/** One transport under test: how to make it and where its server listens. */
export interface TransportCase {
  readonly kind: 'ws' | 'memory';
  /** A transport; pass a tracker to count frames for virtual time. */
  make(tracker?: ActivityTracker): Transport;
  /** Listen options placing the server locally (a free loopback port, or a fresh memory name). */
  where(): ListenOptions;
}

let nextName = 1;

/** Both transports, for `describe.each(transportCases)`. */
export const transportCases: readonly TransportCase[] = [
  {
    kind: 'ws',
    make: (tracker) => createWsTransport(tracker === undefined ? {} : { tracker }),
    where: () => ({ port: 0, host: '127.0.0.1' }),
  },
  {
    kind: 'memory',
    make: (tracker) => createMemoryTransport(tracker === undefined ? {} : { tracker }),
    where: () => ({ name: `test-${process.pid}-${nextName++}` }),
  },
];

/** What a test sees of one connection: frames in arrival order and the close. */
export interface Inbox {
  readonly frames: string[];
  /** Resolves with the next frame not yet taken by `next()`. */
  next(): Promise<string>;
  /** Resolves with the close code and reason. */
  readonly closed: Promise<{ code: number; reason: string }>;
}

/** Collects a connection's frames and close, so tests await events instead of polling. */
export function inboxOf(connection: Connection): Inbox {
  const frames: string[] = [];
  let taken = 0;
  const waiting: ((frame: string) => void)[] = [];
  connection.onMessage((frame) => {
    frames.push(frame);
    const w = waiting.shift();
    if (w !== undefined) w(frames[taken++]!);
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    connection.onClose((code, reason) => resolve({ code, reason })),
  );
  return {
    frames,
    closed,
    next: () =>
      taken < frames.length
        ? Promise.resolve(frames[taken++]!)
        : new Promise((resolve) => waiting.push(resolve)),
  };
}
