import { afterEach, beforeEach, expect, it } from 'vitest';
import type { OcppVersion } from '../../common/ocpp-version.js';
import type { Transport } from '../../common/transport.js';
import { VirtualClock } from '../../common/virtual-clock.js';
import { createWsTransport } from '../../common/ws-transport.js';
import { CsmsPeer } from '../test-support/csms-peer.js';
import { aStation } from '../test-support/station-builders.js';
import type { Station } from './station-core.js';
import type { BootReason } from './station-protocol.js';

let clock: VirtualClock;
let transport: Transport;
let peer: CsmsPeer;
let station: Station;

beforeEach(() => {
  clock = new VirtualClock({ startMs: Date.parse('2025-03-01T08:00:00.000Z') });
  transport = createWsTransport({ tracker: clock.tracker });
});

afterEach(async () => {
  await station.stop();
  await peer.close();
});

it.each<{ version: OcppVersion; reason: BootReason | undefined; sent: string | undefined }>([
  { version: '2.0.1', reason: undefined, sent: 'RemoteReset' },
  { version: '2.0.1', reason: 'FirmwareUpdate', sent: 'FirmwareUpdate' },
  { version: '1.6', reason: 'FirmwareUpdate', sent: undefined },
])('$version reset for $reason boots again with reason $sent', async ({ version, reason, sent }) => {
  peer = await CsmsPeer.start({ clock, transport });
  station = aStation({ clock, transport, csmsUrl: peer.url, version }).station;
  await station.start();
  await clock.runUntil(() => station.state === 'accepted', 60_000);
  expect(station.commands.reset('Hard', reason)).toBe('Accepted');
  await clock.advanceBy(60_000);
  expect(station.state).toBe('accepted');
  const boots = peer.of('BootNotification').map((c) => c.payload['reason']);
  expect(boots).toEqual(version === '1.6' ? [undefined, undefined] : ['PowerUp', sent]);
});
