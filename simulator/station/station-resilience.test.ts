import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OcppVersion } from '../../common/ocpp-version.js';
import type { Transport } from '../../common/transport.js';
import { VirtualClock } from '../../common/virtual-clock.js';
import { createWsTransport } from '../../common/ws-transport.js';
import { CsmsPeer } from '../test-support/csms-peer.js';
import { aStation, anEv } from '../test-support/station-builders.js';
import type { Station } from './station-core.js';

const START = Date.parse('2025-03-01T08:00:00.000Z');

let clock: VirtualClock;
let transport: Transport;
let peer: CsmsPeer | undefined;
const stations: Station[] = [];

beforeEach(() => {
  clock = new VirtualClock({ startMs: START });
  transport = createWsTransport({ tracker: clock.tracker });
});

afterEach(async () => {
  for (const s of stations.splice(0)) await s.stop();
  await peer?.close();
  peer = undefined;
});

async function started(version: OcppVersion, options: Partial<Parameters<typeof CsmsPeer.start>[0]> = {}) {
  peer = await CsmsPeer.start({ clock, transport, ...options });
  const test = aStation({ clock, transport, csmsUrl: peer.url, version });
  stations.push(test.station);
  await test.station.start();
  return { ...test, peer };
}

describe.each<OcppVersion>(['1.6', '2.0.1'])('station %s', (version) => {
  it('retries a rejected boot after the given interval and sends nothing else until accepted', async () => {
    const { station, peer } = await started(version, {
      bootStatus: (n) => (n === 1 ? 'Rejected' : n === 2 ? 'Pending' : 'Accepted'),
    });
    await clock.advanceBy(29_000);
    expect(station.state).toBe('rejected');
    expect(peer.actions('CP001')).toEqual(['BootNotification']);
    await clock.advanceBy(2_000);
    expect(station.state).toBe('pending');
    await clock.advanceBy(30_000);
    expect(station.state).toBe('accepted');
    expect(peer.actions('CP001').slice(0, 4)).toEqual([
      'BootNotification',
      'BootNotification',
      'BootNotification',
      'StatusNotification',
    ]);
  });

  it('queues transaction messages while offline and sends them in order after reconnecting', async () => {
    const { station, peer } = await started(version);
    await clock.runUntil(() => station.state === 'accepted', 60_000);
    station.plugIn(1, anEv(clock));
    await station.presentIdTag(1, 'TAG-1');
    await clock.advanceBy(20_000);
    const before = peer.calls.length;

    station.dropConnection(120_000);
    await clock.advanceBy(60_000);
    expect(station.state).toBe('offline');
    expect(station.queuedTransactionMessages).toBeGreaterThanOrEqual(5);
    station.stopLocal(1);
    await clock.advanceBy(120_000);
    expect(station.state).toBe('accepted');
    expect(station.queuedTransactionMessages).toBe(0);

    const replay = peer.calls
      .slice(before)
      .filter((c) => c.action !== 'Heartbeat' && c.action !== 'StatusNotification');
    const times = replay.filter((c) => c.action === 'MeterValues' || c.action === 'TransactionEvent');
    expect(times.length).toBeGreaterThanOrEqual(6);
    if (version === '1.6') {
      expect(replay.at(-1)!.action).toBe('StopTransaction');
      expect(replay.at(-1)!.payload.reason).toBe('Local');
      const stamps = replay
        .filter((c) => c.action === 'MeterValues')
        .map((c) => (c.payload.meterValue as { timestamp: string }[])[0]!.timestamp);
      expect([...stamps].sort()).toEqual(stamps);
    } else {
      const events = replay.filter((c) => c.action === 'TransactionEvent').map((c) => c.payload);
      expect(events.every((e) => e.offline === true)).toBe(true);
      expect(events.at(-1)).toMatchObject({
        eventType: 'Ended',
        transactionInfo: { stoppedReason: 'Local' },
      });
      const seq = peer.of('TransactionEvent').map((c) => c.payload.seqNo);
      expect(seq).toEqual(seq.map((_, i) => i));
    }
  });

  it('follows a charging profile sent with the remote start, after the EV reaction delay', async () => {
    const { station, peer } = await started(version);
    await clock.runUntil(() => station.state === 'accepted', 60_000);
    station.plugIn(1, anEv(clock, { car: 'Renault Zoe' }));
    const periods = [{ startPeriod: 0, limit: 10 }];
    const answer =
      version === '1.6'
        ? await peer.send('CP001', 'RemoteStartTransaction', {
            connectorId: 1,
            idTag: 'REMOTE',
            chargingProfile: {
              chargingProfileId: 7,
              stackLevel: 0,
              chargingProfilePurpose: 'TxProfile',
              chargingProfileKind: 'Relative',
              chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: periods },
            },
          })
        : await peer.send('CP001', 'RequestStartTransaction', {
            evseId: 1,
            remoteStartId: 42,
            idToken: { idToken: 'REMOTE', type: 'Central' },
            chargingProfile: {
              id: 7,
              stackLevel: 0,
              chargingProfilePurpose: 'TxProfile',
              chargingProfileKind: 'Relative',
              chargingSchedule: [{ id: 1, chargingRateUnit: 'A', chargingSchedulePeriod: periods }],
            },
          });
    expect(answer).toMatchObject({ status: 'Accepted' });
    await clock.advanceBy(1_000);
    expect(station.transaction(1)).toBeDefined();
    await clock.advanceBy(5_000);
    expect(station.currentA()).toBeCloseTo(10, 5);

    const composite =
      version === '1.6'
        ? await peer.send('CP001', 'GetCompositeSchedule', { connectorId: 1, duration: 600 })
        : await peer.send('CP001', 'GetCompositeSchedule', { evseId: 1, duration: 600 });
    expect(JSON.stringify(composite)).toContain('"limit":10');
    if (version === '2.0.1') {
      expect(peer.of('TransactionEvent')[0]!.payload).toMatchObject({
        triggerReason: 'RemoteStart',
        transactionInfo: { remoteStartId: 42 },
      });
    }
    const stop =
      version === '1.6'
        ? await peer.send('CP001', 'RemoteStopTransaction', {
            transactionId: Number(station.transaction(1)!.transactionId),
          })
        : await peer.send('CP001', 'RequestStopTransaction', {
            transactionId: station.transaction(1)!.localId,
          });
    expect(stop).toEqual({ status: 'Accepted' });
    await clock.advanceBy(1_000);
    expect(station.transaction(1)).toBeUndefined();
    expect(station.status(1)).toBe('Finishing');
  });

  it('rejects a Tx profile when no transaction runs', async () => {
    const { station, peer } = await started(version);
    await clock.runUntil(() => station.state === 'accepted', 60_000);
    const schedule = { chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 8 }] };
    const answer =
      version === '1.6'
        ? await peer.send('CP001', 'SetChargingProfile', {
            connectorId: 1,
            csChargingProfiles: {
              chargingProfileId: 1,
              stackLevel: 0,
              chargingProfilePurpose: 'TxProfile',
              chargingProfileKind: 'Relative',
              chargingSchedule: schedule,
            },
          })
        : await peer.send('CP001', 'SetChargingProfile', {
            evseId: 1,
            chargingProfile: {
              id: 1,
              stackLevel: 0,
              chargingProfilePurpose: 'TxProfile',
              chargingProfileKind: 'Relative',
              chargingSchedule: [{ id: 1, ...schedule }],
            },
          });
    expect(answer).toMatchObject({ status: 'Rejected' });
  });

  it('produces the same frames, byte for byte, for the same seed', async () => {
    const run = async (): Promise<string[]> => {
      clock = new VirtualClock({ startMs: START });
      transport = createWsTransport({ tracker: clock.tracker });
      const p = await CsmsPeer.start({ clock, transport });
      const { station, frames } = aStation({ clock, transport, csmsUrl: p.url, version, seed: 'same' });
      await station.start();
      await clock.runUntil(() => station.state === 'accepted', 60_000);
      station.plugIn(1, anEv(clock, { stayMs: 1_800_000 }));
      await station.presentIdTag(1, 'TAG-9');
      await clock.advanceBy(2_000_000);
      await station.stop();
      await p.close();
      return frames.map((f) => `${f.timeMs} ${f.direction} ${f.raw}`);
    };
    const first = await run();
    const second = await run();
    expect(first.length).toBeGreaterThan(100);
    expect(second).toEqual(first);
  });
});
