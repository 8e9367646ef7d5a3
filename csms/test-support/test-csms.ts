import { RealClock } from '../../common/clock.js';
import type { Clock } from '../../common/clock.js';
import { createWsTransport } from '../../common/ws-transport.js';
import type { Csms, CsmsOptions } from '../create-csms.js';
import { createCsms } from '../create-csms.js';
import type { TestDriver, TestStore } from './test-stores.js';
import { openTestStore } from './test-stores.js';

/** A started CSMS on a fresh store, and a JSON client for its REST API. */
export interface TestCsms {
  readonly csms: Csms;
  readonly testStore: TestStore;
  /** GET/POST/PATCH a path under the HTTP base URL; resolves with status and parsed body. */
  http<T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: T }>;
  dispose(): Promise<void>;
}

/** Starts a CSMS over real ws on a free port with a fresh store of the given driver. */
export async function startTestCsms(
  driver: TestDriver,
  options: Partial<CsmsOptions> & { clock?: Clock } = {},
): Promise<TestCsms> {
  const testStore = await openTestStore(driver);
  const csms = createCsms({
    clock: options.clock ?? new RealClock(),
    transport: createWsTransport(),
    ...options,
    store: testStore.store,
  });
  await csms.start();
  return {
    csms,
    testStore,
    http: (method, path, body) => httpJson(csms.httpUrl, method, path, body),
    async dispose() {
      await csms.stop();
      await testStore.dispose();
    },
  };
}

/** A JSON request against `baseUrl`. */
export async function httpJson<T>(
  baseUrl: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    ...(body === undefined
      ? {}
      : {
          body: typeof body === 'string' ? body : JSON.stringify(body),
          headers: { 'content-type': 'application/json' },
        }),
  });
  const text = await res.text();
  return { status: res.status, body: (text === '' ? {} : JSON.parse(text)) as T };
}
