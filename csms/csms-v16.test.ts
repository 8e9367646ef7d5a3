import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestCsms } from './test-support/test-csms.js';
import { startTestCsms } from './test-support/test-csms.js';
import type { TestStation } from './test-support/test-station.js';
import { connectTestStation } from './test-support/test-station.js';
import { testDrivers } from './test-support/test-stores.js';

const drivers = await testDrivers();
const at = (minute: number): string => new Date(Date.UTC(2025, 0, 1, 10, minute)).toISOString();

describe.each(drivers)('OCPP 1.6 session end to end over ws (%s)', (driver) => {
  let t: TestCsms;
  let station: TestStation;
  const remoteStarts: unknown[] = [];
  const remoteStops: unknown[] = [];

  beforeAll(async () => {
    t = await startTestCsms(driver, { heartbeatIntervalS: 120 });
    station = await connectTestStation({
      url: t.csms.ocppUrl,
      stationId: 'CP16-A',
      version: '1.6',
      handlers: {
        RemoteStartTransaction: (p) => {
          remoteStarts.push(p);
          return { status: 'Accepted' };
        },
        RemoteStopTransaction: (p) => {
          remoteStops.push(p);
          return { status: 'Accepted' };
        },
      },
    });
  });
  afterAll(async () => {
    await station?.close();
    await t?.dispose();
  });

  it('goes through boot, status, authorize, remote start, start, meter values, remote stop and stop', async () => {
    const user = await t.http<{ id: number }>('POST', '/api/users', { name: 'Asha' });
    expect(user.status).toBe(201);
    expect((await t.http('POST', '/api/id-tokens', { token: 'RFID-1', userId: user.body.id })).status).toBe(
      201,
    );

    const boot = await station.call<{ status: string; interval: number; currentTime: string }>(
      'BootNotification',
      {
        chargePointVendor: 'Acme',
        chargePointModel: 'AC22',
        chargePointSerialNumber: 'SN-16',
        firmwareVersion: '4.2.0',
      },
    );
    expect(boot).toMatchObject({ status: 'Accepted', interval: 120 });
    expect(Number.isFinite(Date.parse(boot.currentTime))).toBe(true);

    expect(
      await station.call('StatusNotification', {
        connectorId: 1,
        errorCode: 'NoError',
        status: 'Available',
        timestamp: at(0),
      }),
    ).toEqual({});
    expect(await station.call('Authorize', { idTag: 'RFID-1' })).toEqual({
      idTagInfo: { status: 'Accepted' },
    });
    expect(await station.call('Authorize', { idTag: 'NOBODY' })).toEqual({
      idTagInfo: { status: 'Invalid' },
    });

    const remote = await t.http('POST', '/api/stations/CP16-A/commands/RemoteStartTransaction', {
      idTag: 'RFID-1',
      connectorId: 1,
    });
    expect(remote).toMatchObject({
      status: 200,
      body: { stationId: 'CP16-A', action: 'RemoteStartTransaction', response: { status: 'Accepted' } },
    });
    expect(remoteStarts).toEqual([{ idTag: 'RFID-1', connectorId: 1 }]);

    const start = await station.call<{ transactionId: number; idTagInfo: { status: string } }>(
      'StartTransaction',
      {
        connectorId: 1,
        idTag: 'RFID-1',
        meterStart: 1_000_000,
        timestamp: at(1),
      },
    );
    expect(start.idTagInfo.status).toBe('Accepted');
    const txId = start.transactionId;
    expect(Number.isInteger(txId)).toBe(true);
    await station.call('StatusNotification', {
      connectorId: 1,
      errorCode: 'NoError',
      status: 'Charging',
      timestamp: at(1),
    });
    await station.call('MeterValues', {
      connectorId: 1,
      transactionId: txId,
      meterValue: [
        {
          timestamp: at(15),
          sampledValue: [
            {
              value: '1003.5',
              unit: 'kWh',
              measurand: 'Energy.Active.Import.Register',
              context: 'Sample.Periodic',
              location: 'Outlet',
            },
            { value: '7.4', unit: 'kW', measurand: 'Power.Active.Import' },
            { value: '16', unit: 'A', measurand: 'Current.Import', phase: 'L1' },
          ],
        },
      ],
    });

    const stop = await t.http('POST', '/api/stations/CP16-A/commands/RemoteStopTransaction', {
      transactionId: txId,
    });
    expect(stop).toMatchObject({ status: 200, body: { response: { status: 'Accepted' } } });
    expect(remoteStops).toEqual([{ transactionId: txId }]);
    expect(
      await station.call('StopTransaction', {
        transactionId: txId,
        meterStop: 1_007_250,
        timestamp: at(60),
        reason: 'Remote',
        idTag: 'RFID-1',
      }),
    ).toEqual({ idTagInfo: { status: 'Accepted' } });
    await station.call('StatusNotification', {
      connectorId: 1,
      errorCode: 'NoError',
      status: 'Available',
      timestamp: at(61),
    });

    const tx = await t.http<Record<string, unknown> & { meterValues: Record<string, unknown>[] }>(
      'GET',
      `/api/transactions/${txId}`,
    );
    expect(tx.status).toBe(200);
    expect(tx.body).toMatchObject({
      id: txId,
      stationId: 'CP16-A',
      ocppVersion: '1.6',
      status: 'COMPLETED',
      idTag: 'RFID-1',
      userId: user.body.id,
      meterStartWh: 1_000_000,
      meterStopWh: 1_007_250,
      energyWh: 7250,
      stopReason: 'Remote',
      startedAt: at(1),
      endedAt: at(60),
    });
    expect(tx.body.meterValues.map((m) => [m.measurand, m.phase, m.unit, m.value])).toEqual([
      ['Energy.Active.Import.Register', null, 'Wh', 1_003_500],
      ['Power.Active.Import', null, 'W', 7400],
      ['Current.Import', 'L1', 'A', 16],
    ]);

    const list = await t.http<{ transactions: { id: number }[] }>(
      'GET',
      '/api/transactions?stationId=CP16-A',
    );
    expect(list.body.transactions.map((x) => x.id)).toEqual([txId]);

    const st = await t.http('GET', '/api/stations/CP16-A');
    expect(st.body).toMatchObject({
      id: 'CP16-A',
      ocppVersion: '1.6',
      online: true,
      connectionState: 'CONNECTED',
      vendor: 'Acme',
      model: 'AC22',
      serialNumber: 'SN-16',
      firmwareVersion: '4.2.0',
      connectors: [{ evseId: 1, connectorId: 1, status: 'Available', errorCode: 'NoError' }],
    });

    const log = await t.http<{
      messages: { direction: string; type: string; action: string; messageId: string; verdict: string }[];
    }>('GET', '/api/messages?stationId=CP16-A&limit=1000');
    const seen = log.body.messages.map(
      (m) => `${m.direction === 'station->csms' ? '>' : '<'}${m.type}:${m.action}`,
    );
    expect(seen).toEqual(
      expect.arrayContaining([
        '>CALL:BootNotification',
        '<CALLRESULT:BootNotification',
        '<CALL:RemoteStartTransaction',
        '>CALLRESULT:RemoteStartTransaction',
        '>CALL:StartTransaction',
        '>CALL:MeterValues',
        '<CALL:RemoteStopTransaction',
        '>CALL:StopTransaction',
        '<CALLRESULT:StopTransaction',
      ]),
    );
    expect(log.body.messages.every((m) => m.verdict === 'valid')).toBe(true);
    const startCall = log.body.messages.find((m) => m.type === 'CALL' && m.action === 'StartTransaction')!;
    const startResult = log.body.messages.find(
      (m) =>
        m.type === 'CALLRESULT' && m.messageId === startCall.messageId && m.direction === 'csms->station',
    );
    expect(startResult?.action).toBe('StartTransaction');
    const filtered = await t.http<{ messages: unknown[] }>(
      'GET',
      '/api/messages?stationId=CP16-A&action=MeterValues&type=CALL',
    );
    expect(filtered.body.messages).toHaveLength(1);
  });

  it('acknowledges a resent StopTransaction without changing the transaction', async () => {
    const { transactionId } = await station.call<{ transactionId: number }>('StartTransaction', {
      connectorId: 1,
      idTag: 'RFID-1',
      meterStart: 2000,
      timestamp: at(100),
    });
    const stop = { transactionId, meterStop: 2500, timestamp: at(110), reason: 'Local' };
    await station.call('StopTransaction', stop);
    const first = await t.http('GET', `/api/transactions/${transactionId}`);
    expect(await station.call('StopTransaction', { ...stop, meterStop: 9999, timestamp: at(120) })).toEqual(
      {},
    );
    const again = await t.http('GET', `/api/transactions/${transactionId}`);
    expect(again.body).toEqual(first.body);
    expect(again.body).toMatchObject({ energyWh: 500, status: 'COMPLETED' });
  });

  it('keeps a session whose station dates everything year 0, dated when received instead', async () => {
    // Regression: the database refused year 0, so the start failed and the meter values' batch never stored.
    const year0 = '0000-01-01T00:00:00Z';
    const { transactionId } = await station.call<{ transactionId: number }>('StartTransaction', {
      connectorId: 1,
      idTag: 'RFID-1',
      meterStart: 7000,
      timestamp: year0,
    });
    await station.call('MeterValues', {
      connectorId: 1,
      transactionId,
      meterValue: [{ timestamp: year0, sampledValue: [{ value: '7250' }] }],
    });
    await station.call('StopTransaction', {
      transactionId,
      meterStop: 7500,
      timestamp: year0,
      reason: 'Local',
    });
    const tx = await t.http<{
      status: string;
      energyWh: number;
      startedAt: string;
      meterValues: { timestamp: string; value: number }[];
    }>('GET', `/api/transactions/${transactionId}`);
    expect(tx.body).toMatchObject({ status: 'COMPLETED', energyWh: 500 });
    expect(tx.body.meterValues.map((m) => m.value)).toEqual([7250]);
    for (const time of [tx.body.startedAt, tx.body.meterValues[0]!.timestamp]) {
      expect(Date.parse(time)).toBeGreaterThan(Date.parse('2025-01-01T00:00:00Z'));
    }
  });

  it('refuses a remote start on a busy connector and on an offline station with 409', async () => {
    await station.call('StatusNotification', {
      connectorId: 1,
      errorCode: 'NoError',
      status: 'Charging',
      timestamp: at(200),
    });
    const busy = await t.http<{ error: { code: string; message: string } }>(
      'POST',
      '/api/stations/CP16-A/commands/RemoteStartTransaction',
      { idTag: 'RFID-1', connectorId: 1 },
    );
    expect(busy.status).toBe(409);
    expect(busy.body.error).toEqual({
      code: 'connector_not_available',
      message: 'RemoteStartTransaction refused for station CP16-A: connector 1 is Charging, not Available',
    });
    await t.http('POST', '/api/stations', { id: 'CP16-OFF' });
    const offline = await t.http<{ error: { code: string } }>(
      'POST',
      '/api/stations/CP16-OFF/commands/Reset',
      { type: 'Soft' },
    );
    expect(offline.status).toBe(409);
    expect(offline.body.error.code).toBe('station_offline');
  });
});
