import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Transport } from '../../common/transport.js';
import { VirtualClock } from '../../common/virtual-clock.js';
import { createWsTransport } from '../../common/ws-transport.js';
import { CsmsPeer } from '../test-support/csms-peer.js';
import { aStation } from '../test-support/station-builders.js';
import type { Station } from './station-core.js';

let clock: VirtualClock;
let transport: Transport;
let peer: CsmsPeer;
let station: Station;

async function online(version: '1.6' | '2.0.1'): Promise<void> {
  peer = await CsmsPeer.start({ clock, transport });
  station = aStation({ clock, transport, csmsUrl: peer.url, version }).station;
  await station.start();
  await clock.runUntil(() => station.state === 'accepted', 60_000);
  await clock.advanceBy(1_000);
}

beforeEach(() => {
  clock = new VirtualClock({ startMs: Date.parse('2025-03-01T08:00:00.000Z') });
  transport = createWsTransport({ tracker: clock.tracker });
});

afterEach(async () => {
  await station.stop();
  await peer.close();
});

it.each([
  {
    version: '1.6',
    request: { requestedMessage: 'StatusNotification', connectorId: 1 },
    sent: { connectorId: 1, status: 'Available' },
  },
  {
    version: '2.0.1',
    request: { requestedMessage: 'StatusNotification', evse: { id: 1, connectorId: 1 } },
    sent: { evseId: 1, connectorId: 1, connectorStatus: 'Available' },
  },
  {
    version: '2.0.1',
    request: { requestedMessage: 'StatusNotification', evse: { id: 1 } },
    sent: { evseId: 1, connectorId: 1, connectorStatus: 'Available' },
  },
] as const)(
  '$version TriggerMessage $request.requestedMessage reports the unchanged status again',
  async ({ version, request, sent }) => {
    await online(version);
    const before = peer.of('StatusNotification').length;
    expect(before).toBeGreaterThan(0);
    expect(await peer.send('CP001', 'TriggerMessage', request)).toEqual({ status: 'Accepted' });
    await clock.advanceBy(1_000);
    const after = peer.of('StatusNotification').slice(before);
    expect(after).toHaveLength(1);
    expect(after[0]!.payload).toMatchObject(sent);
    expect(peer.frames.filter((f) => f.verdict === 'invalid')).toEqual([]);
  },
);

it.each([
  { what: 'an unknown EVSE', evse: { id: 9 } },
  { what: 'an unknown connector', evse: { id: 1, connectorId: 2 } },
])('2.0.1 TriggerMessage StatusNotification for $what is Rejected and sends nothing', async ({ evse }) => {
  await online('2.0.1');
  const before = peer.of('StatusNotification').length;
  expect(
    await peer.send('CP001', 'TriggerMessage', { requestedMessage: 'StatusNotification', evse }),
  ).toEqual({ status: 'Rejected' });
  await clock.advanceBy(1_000);
  expect(peer.of('StatusNotification')).toHaveLength(before);
});
