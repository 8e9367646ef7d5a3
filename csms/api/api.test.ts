import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestCsms } from '../test-support/test-csms.js';
import { startTestCsms } from '../test-support/test-csms.js';
import { connectTestStation } from '../test-support/test-station.js';

type ErrorBody = { error: { code: string; message: string } };

describe('REST API', () => {
  let t: TestCsms;
  beforeAll(async () => {
    t = await startTestCsms('pglite');
  });
  afterAll(async () => t?.dispose());

  it('GET /api/health answers ok with the store driver', async () => {
    const res = await t.http('GET', '/api/health');
    expect(res).toMatchObject({ status: 200, body: { status: 'ok', store: 'pglite', stationsConnected: 0 } });
  });

  it.each([
    ['GET', '/api/nothing', undefined, 404, 'not_found'],
    ['GET', '/api/stations/NOPE', undefined, 404, 'unknown_station'],
    ['GET', '/api/transactions/999999', undefined, 404, 'unknown_transaction'],
    ['GET', '/api/transactions/abc', undefined, 400, 'invalid_path'],
    ['GET', '/api/transactions?from=yesterday', undefined, 400, 'invalid_query'],
    ['GET', '/api/messages?limit=0', undefined, 400, 'invalid_query'],
    ['GET', '/api/messages?type=PING', undefined, 400, 'invalid_query'],
    ['POST', '/api/stations', '{"id":', 400, 'invalid_json'],
    ['POST', '/api/stations', { id: 'has space' }, 400, 'invalid_body'],
    ['POST', '/api/users', { email: 'a@b.c' }, 400, 'invalid_body'],
    ['POST', '/api/id-tokens', { token: 'T', status: 'Maybe' }, 400, 'invalid_body'],
    ['POST', '/api/id-tokens', { token: 'T', userId: 424242 }, 400, 'invalid_body'],
    ['POST', '/api/id-tokens', { token: 'T', expiresAt: '0000-01-01T00:00:00Z' }, 400, 'invalid_body'],
    ['PATCH', '/api/id-tokens/NOPE', { status: 'Blocked' }, 404, 'unknown_token'],
    ['POST', '/api/stations/NOPE/commands/Reset', { type: 'Soft' }, 404, 'unknown_station'],
  ])('%s %s -> %s %s', async (method, path, body, status, code) => {
    const res = await t.http<ErrorBody>(method, path, body);
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBe(code);
    expect(res.body.error.message.length).toBeGreaterThan(10);
  });

  it.each(['', '/ocpp', '/any/base/path'])(
    'takes a station at base path "%s" + /{stationId}',
    async (base) => {
      const url = t.csms.httpUrl.replace('http://', 'ws://') + base;
      const station = await connectTestStation({ url, stationId: `CP-PATH${base.length}`, version: '1.6' });
      try {
        expect(await station.call('Heartbeat', {})).toHaveProperty('currentTime');
        expect((await t.http('GET', `/api/stations/CP-PATH${base.length}`)).body).toMatchObject({
          online: true,
        });
      } finally {
        await station.close();
      }
    },
  );

  it('names the bad query parameter and how to fix it', async () => {
    const res = await t.http<ErrorBody>('GET', '/api/transactions?from=yesterday');
    expect(res.body.error.message).toBe(
      'query parameter from="yesterday" is not a time: use ISO-8601 (2025-01-01T10:00:00Z) or epoch milliseconds',
    );
  });

  it('creates users and tokens, and a token change takes effect at the next Authorize', async () => {
    const user = await t.http<{ id: number; role: string; status: string }>('POST', '/api/users', {
      name: 'Ravi',
      role: 'admin',
    });
    expect(user).toMatchObject({ status: 201, body: { role: 'admin', status: 'active' } });
    const token = await t.http('POST', '/api/id-tokens', {
      token: 'CARD-9',
      userId: user.body.id,
      expiresAt: '2099-01-01T00:00:00Z',
    });
    expect(token).toMatchObject({
      status: 201,
      body: { token: 'CARD-9', status: 'Accepted', expiresAt: '2099-01-01T00:00:00.000Z' },
    });
    expect((await t.http<ErrorBody>('POST', '/api/id-tokens', { token: 'CARD-9' })).status).toBe(409);

    const station = await connectTestStation({ url: t.csms.ocppUrl, stationId: 'CP-AUTH', version: '1.6' });
    try {
      expect(await station.call('Authorize', { idTag: 'CARD-9' })).toEqual({
        idTagInfo: { status: 'Accepted', expiryDate: '2099-01-01T00:00:00.000Z' },
      });
      expect((await t.http('PATCH', '/api/id-tokens/CARD-9', { status: 'Blocked' })).status).toBe(200);
      expect(await station.call('Authorize', { idTag: 'CARD-9' })).toMatchObject({
        idTagInfo: { status: 'Blocked' },
      });
    } finally {
      await station.close();
    }
  });

  it('answers 504 when the station does not answer a command in time, and 502 with its CALLERROR', async () => {
    const station = await connectTestStation({
      url: t.csms.ocppUrl,
      stationId: 'CP-SLOW',
      version: '1.6',
      handlers: {
        Reset: () => new Promise(() => undefined),
        ClearCache: () => {
          throw new Error('cache locked');
        },
      },
    });
    try {
      const slow = await t.http<ErrorBody>('POST', '/api/stations/CP-SLOW/commands/Reset?timeoutMs=200', {
        type: 'Soft',
      });
      expect(slow.status).toBe(504);
      expect(slow.body.error).toEqual({
        code: 'station_timeout',
        message: 'station CP-SLOW did not answer Reset within 200 ms',
      });
      const failed = await t.http<ErrorBody & { error: { details: { ocppErrorCode: string } } }>(
        'POST',
        '/api/stations/CP-SLOW/commands/ClearCache',
        {},
      );
      expect(failed.status).toBe(502);
      expect(failed.body.error.details.ocppErrorCode).toBe('InternalError');
    } finally {
      await station.close();
    }
  });
});

describe('strict registration', () => {
  let t: TestCsms;
  beforeAll(async () => {
    t = await startTestCsms('pglite', { registration: 'strict' });
  });
  afterAll(async () => t?.dispose());

  it('rejects an unknown station at boot and refuses its other messages with SecurityError', async () => {
    const station = await connectTestStation({
      url: t.csms.ocppUrl,
      stationId: 'CP-STRANGER',
      version: '2.0.1',
    });
    try {
      const boot = await station.call('BootNotification', {
        reason: 'PowerUp',
        chargingStation: { vendorName: 'X', model: 'Y' },
      });
      expect(boot).toMatchObject({
        status: 'Rejected',
        interval: 60,
        statusInfo: { reasonCode: 'NotRegistered' },
      });
      await expect(station.call('Heartbeat', {})).rejects.toMatchObject({ code: 'SecurityError' });
      expect((await t.http('GET', '/api/stations/CP-STRANGER')).status).toBe(404);
    } finally {
      await station.close();
    }
  });

  it('accepts a station registered through the API', async () => {
    expect((await t.http('POST', '/api/stations', { id: 'CP-KNOWN' })).status).toBe(201);
    const station = await connectTestStation({ url: t.csms.ocppUrl, stationId: 'CP-KNOWN', version: '1.6' });
    try {
      expect(
        await station.call('BootNotification', { chargePointVendor: 'A', chargePointModel: 'B' }),
      ).toMatchObject({
        status: 'Accepted',
      });
      expect(await station.call('Heartbeat', {})).toHaveProperty('currentTime');
    } finally {
      await station.close();
    }
  });
});
