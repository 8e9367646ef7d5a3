import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { VirtualClock } from '../../common/virtual-clock.js';
import { createWsTransport } from '../../common/ws-transport.js';
import type { Transport } from '../../common/transport.js';
import type { OcppVersion } from '../../common/ocpp-version.js';
import { CsmsPeer } from '../test-support/csms-peer.js';
import { aStation, anEv } from '../test-support/station-builders.js';
import type { Station } from './station-core.js';

const START = Date.parse('2025-03-01T08:00:00.000Z');

let clock: VirtualClock;
let transport: Transport;
let peer: CsmsPeer;
const stations: Station[] = [];

async function setUp(options: Partial<Parameters<typeof CsmsPeer.start>[0]> = {}): Promise<void> {
  peer = await CsmsPeer.start({ clock, transport, ...options });
}

beforeEach(() => {
  clock = new VirtualClock({ startMs: START });
  transport = createWsTransport({ tracker: clock.tracker });
});

afterEach(async () => {
  for (const s of stations.splice(0)) await s.stop();
  await peer.close();
});

function track(station: Station): Station {
  stations.push(station);
  return station;
}

describe.each<OcppVersion>(['1.6', '2.0.1'])('station %s over real ws', (version) => {
  it('boots, charges a plugged-in EV after the idTag and stops when the EV leaves, in the spec order', async () => {
    await setUp();
    const { station } = aStation({ clock, transport, csmsUrl: peer.url, version });
    track(station);
    await station.start();
    expect(await clock.runUntil(() => station.state === 'accepted', 60_000)).toBe(true);

    station.plugIn(1, anEv(clock, { stayMs: 3_600_000 }));
    await station.presentIdTag(1, 'TAG-1');
    await clock.advanceBy(3_700_000);

    const actions = peer.actions('CP001').filter((a) => a !== 'Heartbeat');
    if (version === '1.6') {
      const statuses = peer
        .of('StatusNotification')
        .map((c) => `${String(c.payload.connectorId)}:${String(c.payload.status)}`);
      expect(statuses).toEqual([
        '0:Available',
        '1:Available',
        '1:Preparing',
        '1:Charging',
        '1:Finishing',
        '1:Available',
      ]);
      expect(actions.indexOf('Authorize')).toBeLessThan(actions.indexOf('StartTransaction'));
      const stop = peer.of('StopTransaction')[0]!.payload;
      expect(stop.reason).toBe('EVDisconnected');
    } else {
      const statuses = peer.of('StatusNotification').map((c) => String(c.payload.connectorStatus));
      expect(statuses).toEqual(['Available', 'Occupied', 'Available']);
      const events = peer.of('TransactionEvent').map((c) => c.payload);
      expect(events[0]).toMatchObject({ eventType: 'Started', triggerReason: 'Authorized', seqNo: 0 });
      expect(events.at(-1)).toMatchObject({
        eventType: 'Ended',
        triggerReason: 'EVCommunicationLost',
        transactionInfo: { stoppedReason: 'EVDisconnected' },
      });
      expect(events.map((e) => e.seqNo)).toEqual(events.map((_, i) => i));
    }
    expect(station.status(1)).toBe('Available');
    expect(peer.frames.filter((f) => f.verdict === 'invalid')).toEqual([]);
  });

  it('reports energy that is the integral of the reported power', async () => {
    await setUp();
    const { station } = aStation({ clock, transport, csmsUrl: peer.url, version });
    track(station);
    await station.start();
    await clock.runUntil(() => station.state === 'accepted', 60_000);
    station.plugIn(1, anEv(clock));
    await station.presentIdTag(1, 'TAG-1');
    await clock.advanceBy(600_000);

    const samples = meterSamples(peer, version);
    expect(samples.length).toBeGreaterThan(50);
    let integralWh = 0;
    for (let i = 1; i < samples.length; i++) {
      const dtH = (samples[i]!.timeMs - samples[i - 1]!.timeMs) / 3_600_000;
      integralWh += samples[i - 1]!.powerW * dtH;
    }
    const deltaWh = samples.at(-1)!.energyWh - samples[0]!.energyWh;
    expect(deltaWh).toBeGreaterThan(1000);
    // power only changes at the EV's reaction delay after the start; the rest is constant
    expect(Math.abs(deltaWh - integralWh) / deltaWh).toBeLessThan(0.01);
    const power = samples.at(-1)!.powerW;
    expect(power).toBeCloseTo(16 * 3 * 230, 0);
  });
});

interface MeterPoint {
  timeMs: number;
  energyWh: number;
  powerW: number;
}

function meterSamples(peer: CsmsPeer, version: OcppVersion): MeterPoint[] {
  const out: MeterPoint[] = [];
  const calls = version === '1.6' ? peer.of('MeterValues') : peer.of('TransactionEvent');
  for (const c of calls) {
    const mvs = (c.payload.meterValue ?? []) as {
      timestamp: string;
      sampledValue: Record<string, unknown>[];
    }[];
    for (const mv of mvs) {
      const find = (m: string): number | undefined => {
        const sv = mv.sampledValue.find((s) => s.measurand === m && (s.location ?? 'Outlet') === 'Outlet');
        return sv === undefined ? undefined : Number(sv.value);
      };
      const energyWh = find('Energy.Active.Import.Register');
      const powerW = find('Power.Active.Import');
      if (energyWh !== undefined && powerW !== undefined)
        out.push({ timeMs: Date.parse(mv.timestamp), energyWh, powerW });
    }
  }
  return out;
}
