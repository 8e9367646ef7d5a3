import { afterEach, beforeEach, expect, it } from 'vitest';
import type { OcppVersion } from '../../common/ocpp-version.js';
import type { Transport } from '../../common/transport.js';
import { VirtualClock } from '../../common/virtual-clock.js';
import { createWsTransport } from '../../common/ws-transport.js';
import type { Station } from '../station/station-core.js';
import { CsmsPeer } from '../test-support/csms-peer.js';
import { aStation, anEv } from '../test-support/station-builders.js';
import type { FaultSpec, MalformedKind } from './fault-spec.js';
import { checkFaultSpec } from './fault-spec.js';

let clock: VirtualClock;
let transport: Transport;
let peer: CsmsPeer;
let station: Station;

async function online(version: OcppVersion, faults?: FaultSpec): Promise<void> {
  peer = await CsmsPeer.start({ clock, transport });
  station = aStation({
    clock,
    transport,
    csmsUrl: peer.url,
    version,
    ...(faults === undefined ? {} : { faults }),
  }).station;
  await station.start();
  await clock.runUntil(() => station.state === 'accepted', 60_000);
}

beforeEach(() => {
  clock = new VirtualClock({ startMs: Date.parse('2025-03-01T08:00:00.000Z') });
  transport = createWsTransport({ tracker: clock.tracker });
});

afterEach(async () => {
  await station.stop();
  await peer.close();
});

it.each<[MalformedKind, OcppVersion, string]>([
  ['bad-json', '1.6', 'FormationViolation'],
  ['bad-json', '2.0.1', 'FormatViolation'],
  ['bad-frame', '1.6', 'FormationViolation'],
  ['bad-frame', '2.0.1', 'RpcFrameworkError'],
  ['unknown-message-type', '1.6', 'FormationViolation'],
  ['unknown-message-type', '2.0.1', 'MessageTypeNotSupported'],
  ['unknown-action', '1.6', 'NotImplemented'],
  ['unknown-action', '2.0.1', 'NotImplemented'],
  ['missing-field', '1.6', 'OccurenceConstraintViolation'],
  ['missing-field', '2.0.1', 'OccurrenceConstraintViolation'],
  ['wrong-type', '1.6', 'TypeConstraintViolation'],
  ['wrong-type', '2.0.1', 'TypeConstraintViolation'],
  ['bad-property', '1.6', 'PropertyConstraintViolation'],
  ['bad-property', '2.0.1', 'PropertyConstraintViolation'],
  ['bad-format', '1.6', 'FormationViolation'],
  ['bad-format', '2.0.1', 'FormatViolation'],
])('a %s frame from a %s station is one the CSMS classifies as %s', async (kind, version, code) => {
  await online(version);
  await station.sendMalformed(kind);
  await clock.advanceBy(1_000);
  const invalid = peer.frames.filter((f) => f.direction === 'station->csms' && f.verdict === 'invalid');
  const answers = peer.frames.filter((f) => f.direction === 'csms->station' && f.messageType === 'CALLERROR');
  const codes = [
    ...invalid.flatMap((f) => f.violations.map((v) => v.code)),
    ...answers.map((f) => (JSON.parse(f.raw) as unknown[])[2]),
  ];
  expect(codes).toContain(code);
});

it('a meter reset drops the register to 0 and it counts up again from there', async () => {
  await online('1.6', { meterReset: { everyMs: 25 * 60_000 } });
  station.plugIn(1, anEv(clock));
  await station.presentIdTag(1, 'T');
  await clock.advanceBy(24 * 60_000);
  const before = station.evse(1).registerWh;
  expect(before).toBeGreaterThan(1000);
  await clock.advanceBy(2 * 60_000);
  expect(station.evse(1).registerWh).toBeLessThan(before / 5);
});

it('a station that ignores limits keeps drawing its rating under a 6 A profile', async () => {
  await online('1.6', { ignoreLimits: true });
  station.plugIn(1, anEv(clock, { car: 'Renault Zoe' }));
  await station.presentIdTag(1, 'T');
  await clock.advanceBy(5_000);
  await peer.send('CP001', 'SetChargingProfile', {
    connectorId: 0,
    csChargingProfiles: {
      chargingProfileId: 3,
      stackLevel: 1,
      chargingProfilePurpose: 'TxDefaultProfile',
      chargingProfileKind: 'Relative',
      chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 6 }] },
    },
  });
  await clock.advanceBy(10_000);
  expect(station.currentA()).toBeCloseTo(32, 5);
});

it('lost and duplicated frames are drawn from the seed: two runs lose the same frames', async () => {
  const run = async (): Promise<string[]> => {
    clock = new VirtualClock({ startMs: Date.parse('2025-03-01T08:00:00.000Z') });
    transport = createWsTransport({ tracker: clock.tracker });
    await online('1.6', { duplicateRate: 0.2, delay: { meanMs: 50, jitterMs: 40 }, dropRate: 0.05 });
    station.plugIn(1, anEv(clock));
    const authorized = station.presentIdTag(1, 'T');
    await clock.advanceBy(3_600_000);
    expect(await authorized).toBe('Accepted');
    const seen = peer.frames.filter((f) => f.direction === 'station->csms').map((f) => f.raw);
    await station.stop();
    await peer.close();
    return seen;
  };
  const first = await run();
  const second = await run();
  expect(second).toEqual(first);
  const ids = first.map((raw) => (JSON.parse(raw) as unknown[])[1]);
  expect(new Set(ids).size).toBeLessThan(ids.length);
  await online('1.6');
});

it.each([
  [{ dropRate: 2 }, 'faults.dropRate must be between 0 and 1, got 2'],
  [{ disconnect: { everyMs: -5 } }, 'faults.disconnect.everyMs must be a positive number of ms, got -5'],
  [
    { malformed: { everyMs: 10, kinds: ['nonsense' as MalformedKind] } },
    'faults.malformed.kinds: unknown kind "nonsense"',
  ],
])('a bad fault spec %j is refused with a message naming the field', (spec, message) => {
  expect(() => checkFaultSpec(spec)).toThrow(message);
});

it('out-of-order meter values arrive with timestamps out of order and none missing', async () => {
  await online('1.6', { reorderMeterValuesRate: 0.3 });
  station.plugIn(1, anEv(clock));
  await station.presentIdTag(1, 'T');
  await clock.advanceBy(600_000);
  station.stopLocal(1);
  await clock.advanceBy(1_000);
  const stamps = peer
    .of('MeterValues')
    .map((c) => Date.parse((c.payload.meterValue as { timestamp: string }[])[0]!.timestamp));
  const sorted = [...stamps].sort((a, b) => a - b);
  expect(stamps).not.toEqual(sorted);
  expect(new Set(stamps).size).toBe(stamps.length);
  expect(sorted.at(-1)! - sorted[0]!).toBe((stamps.length - 1) * 10_000);
});
