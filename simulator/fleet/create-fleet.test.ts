import { afterEach, expect, it } from 'vitest';
import { Rng } from '../../common/rng.js';
import type { Transport } from '../../common/transport.js';
import { VirtualClock } from '../../common/virtual-clock.js';
import { createMemoryTransport } from '../../common/memory-transport.js';
import { createWsTransport } from '../../common/ws-transport.js';
import { createCsms } from '../../csms/create-csms.js';
import { aToken } from '../../csms/test-support/builders.js';
import { loadSite } from '../site/load-site.js';
import { CsmsPeer } from '../test-support/csms-peer.js';
import { createFleet } from './create-fleet.js';
import type { Fleet } from './create-fleet.js';
import { planFleet } from './fleet-plan.js';

const MIDNIGHT_IST = Date.parse('2025-03-01T00:00:00+05:30');
const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function fleetAgainstPeer(
  transport: Transport,
  clock: VirtualClock,
  seed: string,
): Promise<{ fleet: Fleet; peer: CsmsPeer }> {
  const peer = await CsmsPeer.start({ clock, transport });
  const stations = ['1.6', '2.0.1', '1.6', '2.0.1', '1.6', '2.0.1'].map((version, i) => ({
    id: `CP${i + 1}`,
    version: version as '1.6' | '2.0.1',
  }));
  const fleet = createFleet({ clock, transport, csmsUrl: peer.url, seed, stations, recordFrames: true });
  cleanups.push(
    () => peer.close(),
    () => fleet.stop(),
  );
  await fleet.start();
  return { fleet, peer };
}

it('a mixed fleet of six stations runs two hours of continuous sessions with every frame valid', async () => {
  const clock = new VirtualClock({ startMs: MIDNIGHT_IST });
  const { fleet } = await fleetAgainstPeer(createWsTransport({ tracker: clock.tracker }), clock, 'fleet-1');
  await clock.advanceBy(2 * 3_600_000);
  const summary = fleet.summary();
  expect(summary.online).toBe(6);
  expect(new Set(summary.perStation.map((s) => s.version))).toEqual(new Set(['1.6', '2.0.1']));
  expect(summary.transactionsStarted).toBeGreaterThanOrEqual(6);
  expect(summary.energyWh).toBeGreaterThan(10_000);
  expect(summary.frames.invalid).toBe(0);
  expect(summary.frames.byAction.BootNotification?.['station->csms']?.valid).toBe(6);
});

it('the same seed gives the same frames over the memory transport as well', async () => {
  const run = async (): Promise<string[]> => {
    const clock = new VirtualClock({ startMs: MIDNIGHT_IST });
    const { fleet, peer } = await fleetAgainstPeer(
      createMemoryTransport({ tracker: clock.tracker }),
      clock,
      'same',
    );
    await clock.advanceBy(3_600_000);
    const frames = fleet.frames.map((f) => `${f.timeMs} ${f.stationId} ${f.raw}`);
    await fleet.stop();
    await peer.close();
    return frames;
  };
  const a = await run();
  const b = await run();
  expect(a.length).toBeGreaterThan(500);
  expect(b).toEqual(a);
});

it('the reference home site runs an evening against the reference CSMS: EVs arrive and the meter station reports the grid', async () => {
  const clock = new VirtualClock({ startMs: MIDNIGHT_IST + 17 * 3_600_000 });
  const transport = createWsTransport({ tracker: clock.tracker });
  const csms = createCsms({ clock, transport, store: { dataDir: ':memory:' } });
  await csms.start();
  cleanups.push(() => csms.stop());
  const site = loadSite(new URL('../../scenarios/sites/reference-home.json', import.meta.url).pathname);
  const tag = await clock.tracker.track(aToken(csms.store, { token: 'HOME-TAG-1' }));
  const fleet = createFleet({
    clock,
    transport,
    csmsUrl: csms.ocppUrl,
    seed: 'home',
    site,
    meterIntervalS: 60,
    idTags: [tag],
  });
  cleanups.push(() => fleet.stop());
  const sessions: string[] = [];
  fleet.events.on('transaction-started', (e) =>
    sessions.push(`${e.stationId}@${new Date(e.timeMs).toISOString()}`),
  );
  await fleet.start();
  await clock.advanceBy(2 * 3_600_000);
  const summary = fleet.summary();
  expect(summary.online).toBe(2);
  expect(summary.frames.invalid).toBe(0);
  // the meter station reports the site meter every minute (MeterValues on connector 0)
  expect(summary.frames.byAction.MeterValues?.['station->csms']?.valid ?? 0).toBeGreaterThanOrEqual(
    2 * 60 - 2,
  );
  const reading = fleet.site!.read();
  const chargersA =
    reading.chargersPerPhaseA.L1 + reading.chargersPerPhaseA.L2 + reading.chargersPerPhaseA.L3;
  expect(chargersA).toBeCloseTo(
    fleet.stations.reduce((a, s) => a + s.currentA() * Math.max(1, s.activePhases()), 0),
    5,
  );
  expect(sessions, JSON.stringify(summary.perStation)).not.toEqual([]);
  expect(summary.perStation.flatMap((s) => Object.keys(s.stopReasons))).not.toContain('DeAuthorized');
  expect(summary.energyWh).toBeGreaterThan(1000);
}, 120_000);

it.each([
  [{ stations: 0 }, 'stations must be a whole number from 1 to 100000, got 0'],
  [{ stations: 2, version: '1.5' }, 'version must be 1.6, 2.0.1 or mixed, got 1.5'],
  [
    {
      stations: [
        { id: 'A', version: '1.6' },
        { id: 'A', version: '1.6' },
      ],
    },
    'id A appears twice',
  ],
  [{ stations: 3, faults: [{ share: 1.5, faults: {} }] }, 'faults[0].share must be between 0 and 1, got 1.5'],
])('a fleet plan %j is refused: %s', (input, message) => {
  expect(() => planFleet(input as Parameters<typeof planFleet>[0], new Rng(1))).toThrow(message);
});

it('a mixed fleet draws both versions, about half each', () => {
  const plan = planFleet({ stations: 1000, version: 'mixed' }, new Rng('v'));
  const v16 = plan.filter((s) => s.version === '1.6').length;
  expect(v16).toBeGreaterThan(430);
  expect(v16).toBeLessThan(570);
});

it('fault shares are drawn from the seed: about the given share of stations get them', () => {
  const plan = planFleet(
    { stations: 1000, faults: [{ share: 0.1, faults: { dropRate: 0.01 } }] },
    new Rng('s'),
  );
  const faulty = plan.filter((s) => s.faults !== undefined).length;
  expect(faulty).toBeGreaterThan(70);
  expect(faulty).toBeLessThan(130);
  expect(
    planFleet({ stations: 1000, faults: [{ share: 0.1, faults: { dropRate: 0.01 } }] }, new Rng('s')),
  ).toEqual(plan);
});

it('staggered samples spread a fleet over the interval to the millisecond, the same for the same seed', async () => {
  const sendTimes = async (): Promise<number[]> => {
    const clock = new VirtualClock({ startMs: MIDNIGHT_IST });
    const transport = createMemoryTransport({ tracker: clock.tracker });
    const peer = await CsmsPeer.start({ clock, transport });
    const firstSample = new Map<string, number>();
    const fleet = createFleet({
      clock,
      transport,
      csmsUrl: peer.url,
      seed: 'stagger',
      stations: 200,
      arrivals: 'none',
      idleMeterValues: true,
      staggerSamples: true,
      meterIntervalS: 10,
      onFrame: (r) => {
        if (r.action === 'MeterValues' && r.messageType === 'CALL' && !firstSample.has(r.stationId)) {
          firstSample.set(r.stationId, r.timeMs);
        }
      },
    });
    cleanups.push(
      () => peer.close(),
      () => fleet.stop(),
    );
    await fleet.start();
    await clock.advanceBy(30_000);
    expect(firstSample.size).toBe(200);
    return [...firstSample.values()].map((t) => (t - MIDNIGHT_IST) % 10_000);
  };
  const offsets = await sendTimes();
  // 200 stations over 10,000 possible instants: a few may share one, most do not.
  expect(new Set(offsets).size).toBeGreaterThan(180);
  expect(offsets.some((ms) => ms % 100 !== 0)).toBe(true);
  expect(await sendTimes()).toEqual(offsets);
});

it('the summary counts the energy of running transactions up to their latest reading, not only of ended ones', async () => {
  const clock = new VirtualClock({ startMs: MIDNIGHT_IST });
  const { fleet } = await fleetAgainstPeer(
    createMemoryTransport({ tracker: clock.tracker }),
    clock,
    'running',
  );
  let endedWh = 0;
  for (const s of fleet.stations) s.events.on('transaction-ended', (e) => (endedWh += e.energyWh));
  await clock.advanceBy(20 * 60_000);
  const running = fleet.stations.flatMap((s) => s.evses.filter((e) => e.tx !== undefined));
  const runningWh = running.reduce((wh, e) => wh + e.registerWh - e.tx!.meterStartWh, 0);
  expect(runningWh).toBeGreaterThan(1_000);
  // Each station's figure is rounded to the watt-hour.
  expect(Math.abs(fleet.summary().energyWh - (endedWh + runningWh))).toBeLessThanOrEqual(
    fleet.stations.length,
  );
});

it('shards of a fleet hold, between them, exactly the whole fleet: the same stations in the same plan', () => {
  const clock = new VirtualClock({ startMs: MIDNIGHT_IST });
  const transport = createMemoryTransport({ tracker: clock.tracker });
  const options = {
    clock,
    transport,
    csmsUrl: 'ws://127.0.0.1:1/ocpp',
    seed: 'shards',
    stations: 11,
    version: 'mixed' as const,
    faults: [{ share: 0.3, faults: { dropRate: 0.01 } }],
  };
  const describe = (fleet: Fleet): string[] =>
    fleet.stations.map((s) => `${s.id} ${s.version} ${JSON.stringify(s.identity)}`);
  const whole = describe(createFleet(options));
  const shards = [0, 1, 2].map((index) => describe(createFleet({ ...options, shard: { index, count: 3 } })));
  expect(shards.map((s) => s.length)).toEqual([4, 4, 3]);
  // Shard k holds plan places k, k + 3, k + 6, ...
  const interleaved = whole.map((_, i) => shards[i % 3]![Math.floor(i / 3)]);
  expect(interleaved).toEqual(whole);
  expect(new Set(whole.map((s) => s.split(' ')[1])).size).toBe(2);
});

it.each([
  [{ index: 3, count: 3 }, 'shard.index must be a whole number from 0 to 2, got 3'],
  [{ index: 0, count: 0 }, 'shard.count must be a whole number >= 1, got 0'],
  [{ index: 0.5, count: 2 }, 'shard.index must be a whole number from 0 to 1, got 0.5'],
])('a shard %j is refused: %s', (shard, message) => {
  const clock = new VirtualClock({ startMs: MIDNIGHT_IST });
  const transport = createMemoryTransport({ tracker: clock.tracker });
  expect(() =>
    createFleet({ clock, transport, csmsUrl: 'ws://127.0.0.1:1/ocpp', seed: 1, stations: 4, shard }),
  ).toThrow(message);
});

it('a fleet on a site is not split into shards: its chargers share one site model', () => {
  const clock = new VirtualClock({ startMs: MIDNIGHT_IST });
  const transport = createMemoryTransport({ tracker: clock.tracker });
  const site = loadSite(new URL('../../scenarios/sites/reference-home.json', import.meta.url).pathname);
  const options = { clock, transport, csmsUrl: 'ws://127.0.0.1:1/ocpp', seed: 1, site };
  expect(() => createFleet({ ...options, shard: { index: 0, count: 2 } })).toThrow('a site cannot be split');
  expect(createFleet({ ...options, shard: { index: 0, count: 1 } }).stations.length).toBe(
    site.chargers.length,
  );
});

it('says why stations are not online: their latest problem, the same trouble counted once for all', async () => {
  const clock = new VirtualClock({ startMs: MIDNIGHT_IST });
  const transport = createMemoryTransport({ tracker: clock.tracker });
  const fleet = createFleet({ clock, transport, csmsUrl: 'memory://nobody/ocpp', seed: 'down', stations: 3 });
  cleanups.push(() => fleet.stop());
  await fleet.start();
  const reasons = fleet.notOnline();
  expect(Object.values(reasons)).toEqual([3]);
  expect(Object.keys(reasons)[0]).toMatch(/^cannot connect to memory:\/\/nobody\/ocpp\/\{stationId\}: /);
  const first = fleet.summary().perStation[0]!;
  expect(first.lastProblem).toMatch(new RegExp(`^cannot connect to memory://nobody/ocpp/${first.id}: `));
});

it("a site's single-phase chargers repeated over the fleet sit on rotated phases, and each station says which", () => {
  const clock = new VirtualClock({ startMs: MIDNIGHT_IST });
  const transport = createMemoryTransport({ tracker: clock.tracker });
  const site = loadSite(new URL('../../scenarios/sites/reference-home.json', import.meta.url).pathname);
  // reference-home: HOME-CP1 three-phase on L1, HOME-CP2 single-phase on L2.
  const fleet = createFleet({
    clock,
    transport,
    csmsUrl: 'ws://127.0.0.1:1/ocpp',
    seed: 1,
    site,
    stations: 6,
  });
  expect(fleet.stations.map((s) => [s.evses[0]!.ratings.phases, s.phase])).toEqual([
    [3, 'L1'],
    [1, 'L2'],
    [3, 'L1'],
    [1, 'L3'],
    [3, 'L1'],
    [1, 'L1'],
  ]);
});
