import { afterEach, describe, expect, it } from 'vitest';
import type { OcppVersion } from './ocpp-version.js';
import type { FrameRecord } from './rpc-types.js';
import { aBootAccepted, aBootNotification, aHeartbeatAnswer } from './test-support/ocpp-payloads.js';
import { anRpcPair, type RpcPair, type RpcPairOptions } from './test-support/rpc-pair.js';
import { transportCases } from './test-support/transport-cases.js';
import { VirtualClock } from './virtual-clock.js';

const T0 = Date.parse('2026-03-01T08:00:00Z');

/** The fields of a record a test compares (raw text and violations are checked separately). */
function shape(r: FrameRecord): Partial<FrameRecord> {
  const { timeMs, direction, stationId, version, messageType, messageId, action, verdict } = r;
  return { timeMs, direction, stationId, version, messageType, messageId, action, verdict };
}

describe.each(transportCases)('frame tap over $kind', (tc) => {
  const pairs: RpcPair[] = [];
  afterEach(async () => {
    await Promise.all(pairs.splice(0).map((p) => p.close()));
  });
  async function pair(options: Omit<RpcPairOptions, 'transport'>): Promise<RpcPair> {
    const p = await anRpcPair({ transport: tc, ...options });
    pairs.push(p);
    return p;
  }

  it.each<OcppVersion>(['1.6', '2.0.1'])(
    'OCPP %s: records each frame on both ends with clock time, absolute direction, action and verdict',
    async (version) => {
      const clock = new VirtualClock({ startMs: T0 });
      const { csms, station, records, csmsRecords } = await pair({
        version,
        clock,
        tracker: clock.tracker,
        stationId: 'CP9',
      });
      csms.handle('BootNotification', () => aBootAccepted());
      await clock.advanceBy(1_500);
      await station.call('BootNotification', aBootNotification(version));
      const at = {
        timeMs: T0 + 1_500,
        stationId: 'CP9',
        version,
        messageId: '1',
        action: 'BootNotification',
        verdict: 'valid',
      };
      const stationRecords = records.filter((r) => !csmsRecords.includes(r));
      expect(stationRecords.map(shape)).toEqual([
        { ...at, direction: 'station->csms', messageType: 'CALL' },
        { ...at, direction: 'csms->station', messageType: 'CALLRESULT' },
      ]);
      expect(csmsRecords.map(shape)).toEqual(stationRecords.map(shape));
      expect(csmsRecords.map((r) => r.raw)).toEqual(stationRecords.map((r) => r.raw));
      expect(JSON.parse(stationRecords[0]!.raw)).toEqual([
        2,
        '1',
        'BootNotification',
        aBootNotification(version),
      ]);
      expect(records.every((r) => r.violations.length === 0)).toBe(true);
    },
  );

  it('records invalid payloads with their violations in record mode, on both ends', async () => {
    const { csms, station, records } = await pair({ endpoint: { strictness: 'record' } });
    const got: unknown[] = [];
    csms.handle('BootNotification', (p) => {
      got.push(p);
      return aBootAccepted();
    });
    await station.call('BootNotification', { chargePointVendor: 'Acme', colour: 'red' });
    const calls = records.filter((r) => r.messageType === 'CALL');
    expect(calls.map((r) => r.verdict)).toEqual(['invalid', 'invalid']);
    expect(calls[0]!.violations.map((v) => [v.pointer, v.code]).sort()).toEqual([
      ['/chargePointModel', 'OccurenceConstraintViolation'],
      ['/colour', 'PropertyConstraintViolation'],
    ]);
    expect(got).toHaveLength(1);
  });

  it('records an unknown action as unchecked and a malformed frame as INVALID with its code', async () => {
    const { station, csmsRecords, recorded } = await pair({ version: '2.0.1' });
    await station.sendRaw('[2,"u1","Teleport",{}]');
    await station.sendRaw('[9,"u2",{}]');
    await recorded((r) => r.messageId === 'u2' && r.messageType === 'CALLERROR');
    const received = csmsRecords.filter((r) => r.direction === 'station->csms');
    expect(received.map((r) => [r.messageType, r.action, r.verdict])).toEqual([
      ['CALL', 'Teleport', 'unchecked'],
      ['INVALID', undefined, 'invalid'],
    ]);
    expect(received[1]!.violations.map((v) => v.code)).toEqual(['MessageTypeNotSupported']);
    const answers = csmsRecords.filter((r) => r.direction === 'csms->station');
    expect(answers.map((r) => [r.messageType, r.messageId, r.verdict])).toEqual([
      ['CALLERROR', 'u1', 'unchecked'],
      ['CALLERROR', 'u2', 'unchecked'],
    ]);
  });

  it('gives the same frames byte for byte when the same exchange runs twice', async () => {
    async function run(): Promise<string[]> {
      const clock = new VirtualClock({ startMs: T0 });
      const { csms, station, records, csmsRecords } = await pair({ clock, tracker: clock.tracker });
      csms.handle('BootNotification', () => aBootAccepted());
      csms.handle('Heartbeat', (_p, ctx) => aHeartbeatAnswer(new Date(ctx.receivedAtMs).toISOString()));
      station.handle('Reset', () => ({ status: 'Accepted' }));
      await station.call('BootNotification', aBootNotification('1.6'));
      for (let i = 0; i < 5; i++) {
        await clock.advanceBy(60_000);
        await Promise.all([station.call('Heartbeat', {}), csms.call('Reset', { type: 'Soft' })]);
      }
      // Each end's frames in each direction, in order (the two directions interleave as the sockets please).
      const streams = new Map<string, string[]>();
      for (const r of records) {
        const key = `${csmsRecords.includes(r) ? 'csms' : 'station'} ${r.direction}`;
        streams.set(key, [...(streams.get(key) ?? []), `${r.timeMs} ${r.raw}`]);
      }
      return [...streams.entries()].sort().flatMap(([key, frames]) => frames.map((f) => `${key} ${f}`));
    }
    const [first, second] = [await run(), await run()];
    expect(first).toHaveLength(44);
    expect(second).toEqual(first);
  });
});
