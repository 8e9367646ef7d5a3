import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VirtualClock } from '../../common/virtual-clock.js';
import { DlbHostDouble } from './dlb-host-double.js';
import { createDlbRouter } from './dlb-router.js';
import { someChargers } from './dlb-test-builders.js';
import { attachLoadBalancer } from './load-balancer.js';
import type { LoadBalancer } from './load-balancer.js';

let server: Server;
let base: string;
let balancer: LoadBalancer;
let host: DlbHostDouble;
let clock: VirtualClock;

beforeAll(async () => {
  clock = new VirtualClock({ startMs: Date.UTC(2026, 5, 1, 6, 30) });
  host = new DlbHostDouble();
  balancer = attachLoadBalancer(host, {
    site: {
      siteId: 'home',
      main: { id: 'main', maxPerPhaseA: 60, chargers: someChargers(2, 'CP') },
      assumedHomePerPhaseA: 20,
    },
    clock,
    tracker: clock.tracker,
  });
  const app = express();
  app.use('/api', createDlbRouter(balancer));
  server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
});

afterAll(async () => {
  balancer.detach();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

async function call(
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

describe('DLB admin API', () => {
  it('GET /sites/{id} shows the tree, limits, strategy and modes', async () => {
    const { status, json } = await call('GET', '/sites/home');
    expect(status).toBe(200);
    expect(json).toMatchObject({
      siteId: 'home',
      timeZone: 'Asia/Kolkata',
      strategy: 'equal-share',
      main: { id: 'main', maxPerPhaseA: 60 },
      settings: { safetyMargin: 0.05, modes: { extreme: false, pvDynamic: false } },
    });
  });

  it('PUT /sites/{id} changes the limit and modes at run time and GET /allocations explains the result', async () => {
    host.start('CP1');
    host.start('CP2');
    await clock.settle();
    const put = await call('PUT', '/sites/home', { maxPerPhaseA: 40, modes: { extreme: true } });
    expect(put.status).toBe(200);
    expect(put.json).toMatchObject({ main: { maxPerPhaseA: 40 }, settings: { modes: { extreme: true } } });
    const { json } = await call('GET', '/sites/home/allocations');
    const allocations = json.allocations as {
      stationId: string;
      perPhaseA: number;
      sentLimit: number;
      reason: string;
    }[];
    // (38 - 20) / 2 = 9 A each
    expect(allocations.map((a) => [a.stationId, a.perPhaseA, a.sentLimit])).toEqual([
      ['CP1', 9, 9],
      ['CP2', 9, 9],
    ]);
    expect(allocations[0]!.reason).toBe(
      'Extreme mode: share of circuit main on L1 (38.0 A after the 5.0 % margin, 20.0 A other load): 9.0 A',
    );
  });

  it.each([
    {
      body: { maxPerPhaseA: -1 },
      status: 400,
      code: 'invalid_site',
      message: /main\.maxPerPhaseA: .*positive number, got -1/,
    },
    {
      body: { modes: { turbo: true } },
      status: 400,
      code: 'invalid_site',
      message: /settings\.modes\.turbo: unknown mode/,
    },
    {
      body: { strategy: 'greedy' },
      status: 400,
      code: 'invalid_strategy',
      message: /unknown strategy "greedy"/,
    },
    { body: { colour: 'red' }, status: 400, code: 'unknown_field', message: /unknown field "colour"/ },
    { body: { siteId: 'other' }, status: 400, code: 'invalid_field', message: /siteId cannot be changed/ },
    { body: '{not json', status: 400, code: 'invalid_json', message: /not valid JSON/ },
  ])(
    'PUT rejects $body with $status $code and keeps the site as it was',
    async ({ body, status, code, message }) => {
      const before = (await call('GET', '/sites/home')).json;
      const res = await call('PUT', '/sites/home', body);
      expect(res.status).toBe(status);
      expect((res.json.error as { code: string }).code).toBe(code);
      expect((res.json.error as { message: string }).message).toMatch(message);
      expect((await call('GET', '/sites/home')).json).toEqual(before);
    },
  );

  it('answers 404 for an unknown site', async () => {
    const res = await call('GET', '/sites/nope/allocations');
    expect(res.status).toBe(404);
    expect(res.json).toEqual({
      error: { code: 'unknown_site', message: 'no site "nope": known sites are home' },
    });
  });
});
