import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryTransport } from '../../common/memory-transport.js';
import { VirtualClock } from '../../common/virtual-clock.js';
import type { CsmsEvents } from '../csms-events.js';
import type { TestCsms } from '../test-support/test-csms.js';
import { startTestCsms } from '../test-support/test-csms.js';
import type { TestStation } from '../test-support/test-station.js';
import { connectTestStation } from '../test-support/test-station.js';

const T0 = Date.parse('2025-05-01T06:00:00Z');
const iso = (offsetS: number): string => new Date(T0 + offsetS * 1000).toISOString();

/** Runs a short 1.6 and 2.0.1 session in virtual time over the memory transport. */
async function session(
  t: TestCsms,
  clock: VirtualClock,
  transport: ReturnType<typeof createMemoryTransport>,
) {
  const s16 = await connectTestStation({
    url: t.csms.ocppUrl,
    stationId: 'H16',
    version: '1.6',
    transport,
    clock,
  });
  const s201 = await connectTestStation({
    url: t.csms.ocppUrl,
    stationId: 'H201',
    version: '2.0.1',
    transport,
    clock,
  });
  await s16.call('BootNotification', { chargePointVendor: 'V', chargePointModel: 'M', firmwareVersion: '1' });
  await clock.advanceBy(1000);
  await s16.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Preparing' });
  const { transactionId } = await s16.call<{ transactionId: number }>('StartTransaction', {
    connectorId: 1,
    idTag: 'UNKNOWN-TAG',
    meterStart: 100,
    timestamp: iso(1),
  });
  await s16.call('MeterValues', {
    connectorId: 1,
    transactionId,
    meterValue: [{ timestamp: iso(60), sampledValue: [{ value: '400' }] }],
  });
  await clock.advanceBy(60_000);
  const stop = await s16.call('StopTransaction', { transactionId: 424242, meterStop: 1, timestamp: iso(61) });
  await s16.call('StopTransaction', {
    transactionId,
    meterStop: 900,
    timestamp: iso(120),
    transactionData: [
      { timestamp: iso(119), sampledValue: [{ value: '0.85', unit: 'kWh', context: 'Transaction.End' }] },
    ],
  });
  const dt = await s16.call('DataTransfer', { vendorId: 'com.example', messageId: 'x' });
  await s16.call('FirmwareStatusNotification', { status: 'Downloading' });
  await s16.call('DiagnosticsStatusNotification', { status: 'Idle' });

  await s201.call('BootNotification', {
    reason: 'PowerUp',
    chargingStation: { vendorName: 'V', model: 'M' },
  });
  await s201.call('NotifyEvent', {
    generatedAt: iso(2),
    seqNo: 0,
    eventData: [
      {
        eventId: 1,
        timestamp: iso(2),
        trigger: 'Delta',
        actualValue: 'Occupied',
        eventNotificationType: 'HardWiredNotification',
        component: { name: 'Connector', evse: { id: 2, connectorId: 1 } },
        variable: { name: 'AvailabilityState' },
      },
    ],
  });
  await s201.call('MeterValues', {
    evseId: 0,
    meterValue: [
      {
        timestamp: iso(3),
        sampledValue: [{ value: 3.2, measurand: 'Power.Active.Import', unitOfMeasure: { unit: 'kW' } }],
      },
    ],
  });
  // Updated before any Started (the Started was lost): the transaction is created from it.
  await s201.call('TransactionEvent', {
    eventType: 'Updated',
    timestamp: iso(5),
    triggerReason: 'MeterValuePeriodic',
    seqNo: 3,
    transactionInfo: { transactionId: 'LOST-START' },
    evse: { id: 2, connectorId: 1 },
    meterValue: [{ timestamp: iso(5), sampledValue: [{ value: 1000 }] }],
  });
  await s201.call('TransactionEvent', {
    eventType: 'Ended',
    timestamp: iso(65),
    triggerReason: 'EVDeparted',
    seqNo: 4,
    transactionInfo: { transactionId: 'LOST-START', stoppedReason: 'EVDisconnected' },
    meterValue: [{ timestamp: iso(65), sampledValue: [{ value: 1800 }] }],
  });
  const fw = await s201.call('FirmwareStatusNotification', { status: 'Installed', requestId: 9 });
  await clock.settle();
  await s16.close();
  await s201.close();
  await clock.settle();
  return { s16, s201, transactionId, stop, dt, fw };
}

describe('handlers in virtual time over the memory transport', () => {
  let t: TestCsms;
  let clock: VirtualClock;
  let run: Awaited<ReturnType<typeof session>>;
  const events: [keyof CsmsEvents, unknown][] = [];

  beforeAll(async () => {
    clock = new VirtualClock({ startMs: T0 });
    const transport = createMemoryTransport({ tracker: clock.tracker });
    t = await startTestCsms('pglite', { clock, transport });
    for (const name of [
      'station.booted',
      'connector.status',
      'transaction.started',
      'meter.values',
      'transaction.ended',
      'firmware.status',
    ] as const) {
      t.csms.events.on(name, (payload) => events.push([name, payload]));
    }
    run = await session(t, clock, transport);
  });
  afterAll(async () => t?.dispose());

  it('1.6: an unknown idTag still gets its transaction recorded, and the stop completes it', async () => {
    const tx = await t.http('GET', `/api/transactions/${run.transactionId}`);
    expect(tx.body).toMatchObject({
      idTag: 'UNKNOWN-TAG',
      userId: null,
      status: 'COMPLETED',
      meterStartWh: 100,
      meterStopWh: 900,
      energyWh: 800,
    });
    expect(run.stop).toEqual({});
  });

  it('answers DataTransfer with UnknownVendorId and acknowledges status notifications', () => {
    expect(run.dt).toEqual({ status: 'UnknownVendorId' });
    expect(run.fw).toEqual({});
  });

  it('2.0.1: a transaction whose Started was lost is created by the next event and ended', async () => {
    const list = await t.http<{ transactions: Record<string, unknown>[] }>(
      'GET',
      '/api/transactions?stationId=H201',
    );
    expect(list.body.transactions).toHaveLength(1);
    expect(list.body.transactions[0]).toMatchObject({
      transactionRef: 'LOST-START',
      evseId: 2,
      status: 'COMPLETED',
      meterStartWh: 1000,
      meterStopWh: 1800,
      energyWh: 800,
      stopReason: 'EVDisconnected',
      startedAt: iso(5),
      endedAt: iso(65),
    });
  });

  it('2.0.1: NotifyEvent AvailabilityState sets the connector status', async () => {
    const st = await t.http<{ connectors: unknown[] }>('GET', '/api/stations/H201');
    expect(st.body.connectors).toEqual([
      expect.objectContaining({ evseId: 2, connectorId: 1, status: 'Occupied' }),
    ]);
  });

  it('emits the events others build on, in order', () => {
    const summary = events.map(([name, p]) => {
      const e = p as Record<string, string | number | undefined>;
      return `${name}:${String(e['stationId'])}:${String(e['status'] ?? e['transactionRef'] ?? e['evseId'] ?? '')}`;
    });
    expect(summary).toEqual([
      'station.booted:H16:Accepted',
      'connector.status:H16:Preparing',
      'transaction.started:H16:' + String(run.transactionId),
      'meter.values:H16:1',
      'meter.values:H16:1',
      'transaction.ended:H16:' + String(run.transactionId),
      'firmware.status:H16:Downloading',
      'station.booted:H201:Accepted',
      'connector.status:H201:Occupied',
      'meter.values:H201:0',
      'transaction.started:H201:LOST-START',
      'meter.values:H201:2',
      'meter.values:H201:2',
      'transaction.ended:H201:LOST-START',
      'firmware.status:H201:Installed',
    ]);
    const ended = events.find(
      ([n, p]) => n === 'transaction.ended' && (p as { stationId: string }).stationId === 'H16',
    )![1];
    expect(ended).toMatchObject({
      energyWh: 800,
      meterStopWh: 900,
      reason: 'Local',
      endedAtMs: T0 + 120_000,
    });
    const meter = events.find(([n]) => n === 'meter.values')![1];
    expect(meter).toMatchObject({
      evseId: 1,
      connectorId: 1,
      transactionId: run.transactionId,
      timeMs: T0 + 60_000,
      samples: [{ measurand: 'Energy.Active.Import.Register', unit: 'Wh', value: 400 }],
    });
  });

  it('gives the same frames, byte for byte, when the same session runs again', async () => {
    const clock2 = new VirtualClock({ startMs: T0 });
    const transport2 = createMemoryTransport({ tracker: clock2.tracker });
    const t2 = await startTestCsms('pglite', { clock: clock2, transport: transport2 });
    try {
      const again = await session(t2, clock2, transport2);
      const frames = (s: TestStation) => s.frames.map((f) => `${f.timeMs} ${f.direction} ${f.raw}`);
      expect(frames(again.s16)).toEqual(frames(run.s16));
      expect(frames(again.s201)).toEqual(frames(run.s201));
    } finally {
      await t2.dispose();
    }
  });
});
