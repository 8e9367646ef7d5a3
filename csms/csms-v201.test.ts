import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestCsms } from './test-support/test-csms.js';
import { startTestCsms } from './test-support/test-csms.js';
import type { TestStation } from './test-support/test-station.js';
import { connectTestStation } from './test-support/test-station.js';
import { testDrivers } from './test-support/test-stores.js';

const drivers = await testDrivers();
const at = (minute: number): string => new Date(Date.UTC(2025, 0, 1, 10, minute)).toISOString();
const idToken = { idToken: 'RFID-201', type: 'ISO14443' };
const register = (kWh: number, context: string, minute: number) => ({
  timestamp: at(minute),
  sampledValue: [
    { value: kWh, context, measurand: 'Energy.Active.Import.Register', unitOfMeasure: { unit: 'kWh' } },
  ],
});

describe.each(drivers)('OCPP 2.0.1 session end to end over ws (%s)', (driver) => {
  let t: TestCsms;
  let station: TestStation;
  const commands: [string, unknown][] = [];

  beforeAll(async () => {
    t = await startTestCsms(driver);
    station = await connectTestStation({
      url: t.csms.ocppUrl,
      stationId: 'CP201-A',
      version: '2.0.1',
      handlers: {
        RequestStartTransaction: (p) => {
          commands.push(['RequestStartTransaction', p]);
          return { status: 'Accepted' };
        },
        RequestStopTransaction: (p) => {
          commands.push(['RequestStopTransaction', p]);
          return { status: 'Accepted' };
        },
        GetBaseReport: (p) => {
          const requestId = (p as { requestId: number }).requestId;
          const part = (seqNo: number, tbc: boolean, name: string) => ({
            requestId,
            generatedAt: at(0),
            seqNo,
            tbc,
            reportData: [
              { component: { name }, variable: { name: 'Enabled' }, variableAttribute: [{ value: 'true' }] },
            ],
          });
          // The station sends its report after answering, as a real one does.
          setImmediate(() => {
            void station
              .call('NotifyReport', part(0, true, 'EVSE'))
              .then(() => station.call('NotifyReport', part(1, false, 'Connector')));
          });
          return { status: 'Accepted' };
        },
      },
    });
  });
  afterAll(async () => {
    await station?.close();
    await t?.dispose();
  });

  it('goes through boot, status, authorize, remote start, transaction events and remote stop', async () => {
    await t.http('POST', '/api/id-tokens', { token: 'RFID-201' });
    const boot = await station.call('BootNotification', {
      reason: 'PowerUp',
      chargingStation: { vendorName: 'Acme', model: 'DC50', serialNumber: 'SN-201', firmwareVersion: '7.1' },
    });
    expect(boot).toMatchObject({ status: 'Accepted', interval: 300 });
    await station.call('StatusNotification', {
      timestamp: at(0),
      connectorStatus: 'Available',
      evseId: 1,
      connectorId: 1,
    });
    expect(await station.call('Authorize', { idToken })).toEqual({ idTokenInfo: { status: 'Accepted' } });
    expect(await station.call('Authorize', { idToken: { idToken: 'NOBODY', type: 'ISO14443' } })).toEqual({
      idTokenInfo: { status: 'Invalid' },
    });

    const start = await t.http('POST', '/api/stations/CP201-A/commands/RequestStartTransaction', {
      idToken,
      remoteStartId: 7,
      evseId: 1,
    });
    expect(start).toMatchObject({ status: 200, body: { response: { status: 'Accepted' } } });

    const event = (
      eventType: string,
      seqNo: number,
      triggerReason: string,
      extra: Record<string, unknown>,
    ) => {
      const { transactionInfo, ...rest } = extra;
      return station.call('TransactionEvent', {
        eventType,
        timestamp: at(seqNo * 10),
        triggerReason,
        seqNo,
        transactionInfo: { transactionId: 'TX-201-1', ...(transactionInfo as object | undefined) },
        ...rest,
      });
    };
    expect(
      await event('Started', 0, 'RemoteStart', {
        evse: { id: 1, connectorId: 1 },
        idToken,
        transactionInfo: { remoteStartId: 7, chargingState: 'Charging' },
        meterValue: [register(20, 'Transaction.Begin', 0)],
      }),
    ).toEqual({ idTokenInfo: { status: 'Accepted' } });
    await station.call('StatusNotification', {
      timestamp: at(1),
      connectorStatus: 'Occupied',
      evseId: 1,
      connectorId: 1,
    });
    await event('Updated', 1, 'MeterValuePeriodic', {
      meterValue: [
        {
          timestamp: at(10),
          sampledValue: [
            { value: 21500, measurand: 'Energy.Active.Import.Register', unitOfMeasure: { unit: 'Wh' } },
            { value: 11, measurand: 'Power.Active.Import', unitOfMeasure: { unit: 'kW' } },
            { value: 16000, measurand: 'Current.Import', phase: 'L1', unitOfMeasure: { unit: 'mA' } },
          ],
        },
      ],
    });
    const tx = (
      await t.http<{ transactions: { id: number; status: string; transactionRef: string }[] }>(
        'GET',
        '/api/transactions?stationId=CP201-A',
      )
    ).body.transactions[0]!;
    expect(tx).toMatchObject({ status: 'RUNNING', transactionRef: 'TX-201-1' });

    const stop = await t.http('POST', '/api/stations/CP201-A/commands/RequestStopTransaction', {
      transactionId: 'TX-201-1',
    });
    expect(stop).toMatchObject({ status: 200, body: { response: { status: 'Accepted' } } });
    expect(
      await event('Ended', 2, 'RemoteStop', {
        transactionInfo: { stoppedReason: 'Remote' },
        meterValue: [register(24.75, 'Transaction.End', 20)],
      }),
    ).toEqual({});
    expect(commands.map((c) => c[0])).toEqual(['RequestStartTransaction', 'RequestStopTransaction']);

    const detail = await t.http<
      Record<string, unknown> & { meterValues: { measurand: string; unit: string; value: number }[] }
    >('GET', `/api/transactions/${tx.id}`);
    expect(detail.body).toMatchObject({
      stationId: 'CP201-A',
      ocppVersion: '2.0.1',
      transactionRef: 'TX-201-1',
      evseId: 1,
      connectorId: 1,
      idTag: 'RFID-201',
      status: 'COMPLETED',
      meterStartWh: 20000,
      meterStopWh: 24750,
      energyWh: 4750,
      stopReason: 'Remote',
      startedAt: at(0),
      endedAt: at(20),
    });
    expect(detail.body.meterValues.map((m) => [m.measurand, m.unit, m.value])).toEqual([
      ['Energy.Active.Import.Register', 'Wh', 20000],
      ['Energy.Active.Import.Register', 'Wh', 21500],
      ['Power.Active.Import', 'W', 11000],
      ['Current.Import', 'A', 16],
      ['Energy.Active.Import.Register', 'Wh', 24750],
    ]);

    // Ended resent after a reconnect: acknowledged, nothing changes.
    await event('Ended', 2, 'RemoteStop', {
      transactionInfo: { stoppedReason: 'Remote' },
      meterValue: [register(99, 'Transaction.End', 30)],
    });
    expect((await t.http('GET', `/api/transactions/${tx.id}`)).body).toEqual(detail.body);

    const st = await t.http('GET', '/api/stations/CP201-A');
    expect(st.body).toMatchObject({
      ocppVersion: '2.0.1',
      firmwareVersion: '7.1',
      serialNumber: 'SN-201',
      connectors: [{ evseId: 1, connectorId: 1, status: 'Occupied' }],
    });
    const log = await t.http<{ messages: { action: string; type: string; verdict: string }[] }>(
      'GET',
      '/api/messages?stationId=CP201-A&action=TransactionEvent',
    );
    expect(log.body.messages.map((m) => m.type)).toEqual([
      'CALL',
      'CALLRESULT',
      'CALL',
      'CALLRESULT',
      'CALL',
      'CALLRESULT',
      'CALL',
      'CALLRESULT',
    ]);
  });

  it('GetBaseReport answers with the station response and the collected NotifyReport parts', async () => {
    const res = await t.http<{
      response: unknown;
      report: { requestId: number; complete: boolean; reportData: { component: { name: string } }[] };
    }>('POST', '/api/stations/CP201-A/commands/GetBaseReport', {
      requestId: 42,
      reportBase: 'FullInventory',
    });
    expect(res.status).toBe(200);
    expect(res.body.response).toEqual({ status: 'Accepted' });
    expect(res.body.report.requestId).toBe(42);
    expect(res.body.report.complete).toBe(true);
    expect(res.body.report.reportData.map((d) => d.component.name)).toEqual(['EVSE', 'Connector']);
  });

  it.each([
    ['an action of the other version', 'RemoteStartTransaction', { idTag: 'X' }, 404, 'unsupported_action'],
    ['an action that travels the other way', 'BootNotification', {}, 404, 'unsupported_action'],
    ['an invalid payload', 'Reset', { type: 'Sometime' }, 400, 'invalid_payload'],
  ])('refuses %s with %s', async (_name, action, body, status, code) => {
    const res = await t.http<{ error: { code: string; message: string } }>(
      'POST',
      `/api/stations/CP201-A/commands/${action}`,
      body,
    );
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBe(code);
  });
});
