import { afterEach, describe, expect, it } from 'vitest';
import { aHeartbeatAnswer } from './test-support/ocpp-payloads.js';
import { anRpcPair, type RpcPair } from './test-support/rpc-pair.js';
import { transportCases } from './test-support/transport-cases.js';
import { VirtualClock } from './virtual-clock.js';

const T0 = Date.parse('2026-06-01T00:00:00Z');
const CALLS = 1_000;
const EVERY_MS = 10_000;

/**
 * A station heartbeats every 10 s of virtual time over a transport whose frames the clock waits
 * for: 1,000 calls span 10,000 virtual seconds and run as fast as the sockets carry them.
 */
describe.each(transportCases)('virtual time over $kind', (tc) => {
  let pair: RpcPair | undefined;
  afterEach(async () => {
    await pair?.close();
  });

  it(`ping-pongs ${CALLS} CALLs ${EVERY_MS / 1000} s apart, each seen at its own virtual time`, async () => {
    const clock = new VirtualClock({ startMs: T0 });
    pair = await anRpcPair({ transport: tc, clock, tracker: clock.tracker, version: '2.0.1' });
    const { csms, station } = pair;
    const seenAtMs: number[] = [];
    csms.handle('Heartbeat', (_p, ctx) => {
      seenAtMs.push(ctx.receivedAtMs);
      return aHeartbeatAnswer(new Date(ctx.receivedAtMs).toISOString());
    });
    const answers: string[] = [];
    const failures: unknown[] = [];
    const beat = (): void => {
      station.call('Heartbeat', {}).then(
        (answer) => {
          answers.push((answer as { currentTime: string }).currentTime);
          if (answers.length < CALLS) clock.setTimer(beat, EVERY_MS);
        },
        (err: unknown) => failures.push(err),
      );
    };
    clock.setTimer(beat, EVERY_MS);
    await clock.advanceTo(T0 + CALLS * EVERY_MS);
    expect(failures).toEqual([]);
    const expected = Array.from({ length: CALLS }, (_, k) => T0 + (k + 1) * EVERY_MS);
    expect(seenAtMs).toEqual(expected);
    expect(answers).toEqual(expected.map((t) => new Date(t).toISOString()));
    expect(clock.now()).toBe(T0 + CALLS * EVERY_MS);
  });
});
