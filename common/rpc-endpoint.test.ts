import { afterEach, describe, expect, it } from 'vitest';
import { ConnectionClosedError, OcppError, RpcTimeoutError } from './ocpp-errors.js';
import type { OcppVersion } from './ocpp-version.js';
import { aBootAccepted, aBootNotification, aHeartbeatAnswer, aReset } from './test-support/ocpp-payloads.js';
import { anRpcPair, type RpcPair, type RpcPairOptions } from './test-support/rpc-pair.js';
import { transportCases } from './test-support/transport-cases.js';
import { VirtualClock } from './virtual-clock.js';
import { RpcEndpoint, type RpcEndpointOptions } from './rpc-endpoint.js';
import { defaultValidator } from '../schemas/validator.js';

const versions: OcppVersion[] = ['1.6', '2.0.1'];

describe.each(transportCases)('RpcEndpoint over $kind', (tc) => {
  const pairs: RpcPair[] = [];
  afterEach(async () => {
    await Promise.all(pairs.splice(0).map((p) => p.close()));
  });
  async function pair(options: Omit<RpcPairOptions, 'transport'> = {}): Promise<RpcPair> {
    const p = await anRpcPair({ transport: tc, ...options });
    pairs.push(p);
    return p;
  }

  it.each(versions)(
    'OCPP %s: a station CALL reaches the CSMS handler and its answer comes back',
    async (version) => {
      const { csms, station } = await pair({ version, stationId: 'CP-rt' });
      const seen: unknown[] = [];
      csms.handle('BootNotification', (payload, ctx) => {
        seen.push([payload, ctx.action, ctx.stationId, ctx.version, ctx.messageId]);
        return aBootAccepted(60);
      });
      await expect(station.call('BootNotification', aBootNotification(version))).resolves.toEqual(
        aBootAccepted(60),
      );
      expect(seen).toEqual([[aBootNotification(version), 'BootNotification', 'CP-rt', version, '1']]);
    },
  );

  it.each(versions)(
    'OCPP %s: a CSMS CALL reaches the station handler and its answer comes back',
    async (version) => {
      const { csms, station } = await pair({ version });
      station.handle('Reset', (payload) => {
        expect(payload).toEqual(aReset(version));
        return { status: 'Accepted' };
      });
      await expect(csms.call('Reset', aReset(version))).resolves.toEqual({ status: 'Accepted' });
    },
  );

  it('sends one CALL at a time: a second call waits until the first is answered', async () => {
    const { csms, station, records } = await pair();
    const arrived: string[] = [];
    let releaseFirst!: () => void;
    const firstHeld = new Promise<void>((resolve) => (releaseFirst = resolve));
    csms.handle('Heartbeat', async (_p, ctx) => {
      arrived.push(ctx.messageId);
      if (ctx.messageId === '1') await firstHeld;
      return aHeartbeatAnswer();
    });
    const first = station.call('Heartbeat', {});
    const second = station.call('Heartbeat', {});
    const third = station.call('Heartbeat', {});
    await expect.poll(() => arrived).toEqual(['1']);
    expect(station.pendingCalls).toBe(3);
    expect(records.filter((r) => r.messageType === 'CALL' && r.direction === 'station->csms')).toHaveLength(
      2,
    );
    releaseFirst();
    await Promise.all([first, second, third]);
    expect(arrived).toEqual(['1', '2', '3']);
  });

  it('times out on the injected clock, ignores the late answer and goes on with the next call', async () => {
    const clock = new VirtualClock({ startMs: Date.parse('2026-01-01T00:00:00Z') });
    const { csms, station, records } = await pair({ clock, tracker: clock.tracker });
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let calls = 0;
    csms.handle('Heartbeat', async () => {
      if (++calls === 1) await held;
      return aHeartbeatAnswer();
    });
    const slow = station.call('Heartbeat', {}, { timeoutMs: 5_000 });
    const outcome = slow.then(
      () => 'answered',
      (e: unknown) => e,
    );
    await clock.advanceBy(4_999);
    expect(station.pendingCalls).toBe(1);
    await clock.advanceBy(1);
    const err = await outcome;
    expect(err).toBeInstanceOf(RpcTimeoutError);
    expect((err as RpcTimeoutError).timeoutMs).toBe(5_000);
    release();
    await clock.settle();
    const late = records.find((r) => r.messageType === 'CALLRESULT' && r.direction === 'csms->station');
    expect(late).toMatchObject({ messageId: '1', action: 'Heartbeat', verdict: 'valid' });
    await expect(station.call('Heartbeat', {})).resolves.toEqual(aHeartbeatAnswer());
  });

  it.each(versions)(
    'OCPP %s: a CALLERROR answer rejects the call with its code, description and details',
    async (version) => {
      const { csms, station } = await pair({ version });
      csms.handle('BootNotification', () => {
        throw OcppError.of(version, 'security', 'station not registered', { hint: 'register CP001 first' });
      });
      const err = (await station
        .call('BootNotification', aBootNotification(version))
        .catch((e: unknown) => e)) as OcppError;
      expect(err).toBeInstanceOf(OcppError);
      expect([err.code, err.description, err.details]).toEqual([
        'SecurityError',
        'station not registered',
        { hint: 'register CP001 first' },
      ]);
    },
  );

  it('answers a handler failure with InternalError without revealing its message, and reports it', async () => {
    const failures: unknown[] = [];
    const { csms, station } = await pair({ csms: { onHandlerError: (err) => failures.push(err) } });
    csms.handle('Heartbeat', () => {
      throw new Error('database password is hunter2');
    });
    const err = (await station.call('Heartbeat', {}).catch((e: unknown) => e)) as OcppError;
    expect(err.code).toBe('InternalError');
    expect(err.description).not.toContain('hunter2');
    expect(failures).toHaveLength(1);
    await expect(station.call('Heartbeat', {})).rejects.toBeInstanceOf(OcppError); // still usable
  });

  it('answers an invalid handler response with InternalError and records why', async () => {
    const { csms, station, csmsRecords } = await pair();
    csms.handle('Heartbeat', () => ({ currentTime: 'teatime' }));
    const err = (await station.call('Heartbeat', {}).catch((e: unknown) => e)) as OcppError;
    expect(err.code).toBe('InternalError');
    expect(err.description).toContain('/currentTime');
    const sent = csmsRecords.find((r) => r.messageType === 'CALLERROR');
    expect(sent?.violations.map((v) => v.pointer)).toEqual(['/currentTime']);
  });

  it('in record mode sends an invalid response as it is; a strict caller rejects it with the violation code', async () => {
    const { csms, station } = await pair({ csms: { strictness: 'record' } });
    csms.handle('Heartbeat', () => ({ currentTime: 'teatime' }));
    const err = (await station.call('Heartbeat', {}).catch((e: unknown) => e)) as OcppError;
    expect([err.code, err.description]).toEqual([
      'FormationViolation',
      expect.stringContaining('/currentTime') as string,
    ]);
  });

  it('in record mode passes an invalid response to the caller and an invalid request to the handler', async () => {
    const { csms, station } = await pair({ endpoint: { strictness: 'record' } });
    const got: unknown[] = [];
    csms.handle('BootNotification', (p) => {
      got.push(p);
      return { ...aBootAccepted(), status: 'Maybe' };
    });
    const bad = aBootNotification('1.6', { colour: 'red' });
    await expect(station.call('BootNotification', bad)).resolves.toMatchObject({ status: 'Maybe' });
    expect(got).toEqual([bad]);
  });

  it('refuses to send an invalid request in reject mode, naming the violation, and sends nothing', async () => {
    const { station, records } = await pair();
    const err = (await station
      .call('BootNotification', { chargePointVendor: 'Acme' })
      .catch((e: unknown) => e)) as OcppError;
    expect(err).toBeInstanceOf(OcppError);
    expect(err.code).toBe('OccurenceConstraintViolation');
    expect(err.description).toContain('/chargePointModel');
    await expect(station.call('NoSuchAction', {})).rejects.toMatchObject({ code: 'NotImplemented' });
    expect(records).toEqual([]);
  });

  it('rejects a call whose answer arrives malformed, and goes on with the next call', async () => {
    const { csms, station } = await pair();
    csms.handle('Heartbeat', (_p, ctx) =>
      ctx.messageId === '1' ? new Promise<never>(() => undefined) : aHeartbeatAnswer(),
    );
    const first = station.call('Heartbeat', {}).catch((e: unknown) => e);
    const second = station.call('Heartbeat', {});
    await csms.sendRaw('[3,"1"]');
    expect(await first).toMatchObject({ code: 'FormationViolation' });
    await expect(second).resolves.toEqual(aHeartbeatAnswer());
  });

  it('rejects the outstanding and queued calls when the connection closes, and tells close listeners', async () => {
    const { csms, station } = await pair();
    csms.handle('Heartbeat', () => new Promise<never>(() => undefined));
    const closes: [number, string][] = [];
    station.onClose((code, reason) => closes.push([code, reason]));
    const calls = [station.call('Heartbeat', {}), station.call('Heartbeat', {})].map((p) =>
      p.catch((e: unknown) => e),
    );
    await csms.close(4000, 'maintenance');
    const errors = await Promise.all(calls);
    expect(errors.every((e) => e instanceof ConnectionClosedError)).toBe(true);
    expect(String(errors[0])).toContain('4000 maintenance');
    expect(closes).toEqual([[4000, 'maintenance']]);
    await expect(station.call('Heartbeat', {})).rejects.toBeInstanceOf(ConnectionClosedError);
    await expect(station.sendRaw('[2,"9","Heartbeat",{}]')).rejects.toBeInstanceOf(ConnectionClosedError);
  });

  it('refuses an outgoing frame over its limit before sending, and stays usable', async () => {
    const { csms, station } = await pair({ station: { maxFrameBytes: 1_000 } });
    csms.handle('Heartbeat', () => aHeartbeatAnswer());
    const big = aBootNotification('1.6', { firmwareVersion: 'x'.repeat(250), meterType: 'y'.repeat(50) });
    await expect(station.call('DataTransfer', { vendorId: 'Acme', data: 'z'.repeat(2_000) })).rejects.toThrow(
      /over the limit of 1000 bytes/,
    );
    csms.handle('BootNotification', () => aBootAccepted());
    await expect(station.call('BootNotification', big)).resolves.toEqual(aBootAccepted());
    await expect(station.call('Heartbeat', {})).resolves.toEqual(aHeartbeatAnswer());
  });

  it('closes with 1009 when a frame over its limit arrives, rejecting the pending call cleanly', async () => {
    const { csms, station, csmsRecords } = await pair({ csms: { maxFrameBytes: 1_000 } });
    const closed = new Promise<number>((resolve) => csms.onClose((code) => resolve(code)));
    const err = await station
      .call('DataTransfer', { vendorId: 'Acme', data: 'z'.repeat(2_000) })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectionClosedError);
    expect(String(err)).toContain('1009');
    expect(await closed).toBe(1009);
    expect(csmsRecords[0]).toMatchObject({ messageType: 'INVALID', verdict: 'invalid' });
  });

  it('closes the connection with 1009 at the transport limit (default 64 KiB) without crashing', async () => {
    const { station } = await pair({ station: { maxFrameBytes: 1_000_000 } });
    const err = await station
      .call('DataTransfer', { vendorId: 'Acme', data: 'z'.repeat(70 * 1024) })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectionClosedError);
    expect(String(err)).toContain('1009');
  });

  it('sends raw frames as they are, taps them and ignores the answers', async () => {
    const { csms, station, recorded } = await pair();
    csms.handle('Heartbeat', () => aHeartbeatAnswer());
    await station.sendRaw('[2,"raw-1","Heartbeat",{"extra":true}]');
    const answer = await recorded(
      (r) => r.direction === 'csms->station' && r.messageId === 'raw-1' && r.messageType !== 'CALL',
    );
    expect(answer).toMatchObject({ messageType: 'CALLERROR', action: 'Heartbeat' });
    const out = await recorded((r) => r.messageId === 'raw-1' && r.messageType === 'CALL');
    expect(out).toMatchObject({ verdict: 'invalid', direction: 'station->csms' });
    await expect(station.call('Heartbeat', {})).resolves.toEqual(aHeartbeatAnswer());
  });

  it('keeps working when the tap throws', async () => {
    const { csms, station } = await pair({
      endpoint: {
        tap: () => {
          throw new Error('tap is broken');
        },
      },
    });
    csms.handle('Heartbeat', () => aHeartbeatAnswer());
    await expect(station.call('Heartbeat', {})).resolves.toEqual(aHeartbeatAnswer());
    await expect(station.call('Heartbeat', {})).resolves.toEqual(aHeartbeatAnswer());
  });

  it.each<[string, Record<string, unknown>, RegExp]>([
    ['a version that does not match the subprotocol', { version: '2.0.1' }, /use version 1\.6/],
    ['a zero call timeout', { callTimeoutMs: 0 }, /callTimeoutMs must be a positive number/],
    ['a fractional frame limit', { maxFrameBytes: 10.5 }, /maxFrameBytes must be a positive integer/],
    ['an unknown strictness', { strictness: 'lenient' }, /strictness must be 'reject' or 'record'/],
  ])('refuses %s at construction, saying what to change', async (_name, bad, message) => {
    const { stationConnection } = await pair({ version: '1.6' });
    const options = {
      connection: stationConnection,
      version: '1.6',
      side: 'station',
      clock: new VirtualClock({ startMs: 0 }),
      validator: defaultValidator(),
      ...bad,
    } as RpcEndpointOptions;
    expect(() => new RpcEndpoint(options)).toThrow(message);
  });
});
