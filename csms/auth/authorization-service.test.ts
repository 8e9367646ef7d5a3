import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestStore } from '../test-support/test-stores.js';
import { openTestStore, testDrivers } from '../test-support/test-stores.js';
import { aToken, aUser } from '../test-support/builders.js';
import { AuthorizationService } from './authorization-service.js';

const drivers = await testDrivers();
const NOW = Date.parse('2025-06-01T00:00:00Z');

describe.each(drivers)('AuthorizationService on %s', (driver) => {
  let t: TestStore;
  let auth: AuthorizationService;
  beforeAll(async () => {
    t = await openTestStore(driver);
    auth = new AuthorizationService(t.store);
  });
  afterAll(async () => t.dispose());

  it.each([
    ['an accepted token', { status: 'Accepted' }, 'Accepted'],
    ['a blocked token', { status: 'Blocked' }, 'Blocked'],
    ['a token marked expired', { status: 'Expired' }, 'Expired'],
    ['an invalid token', { status: 'Invalid' }, 'Invalid'],
    ['a token past its expiry', { expiresAtMs: NOW - 1 }, 'Expired'],
    ['a token before its expiry', { expiresAtMs: NOW + 1 }, 'Accepted'],
  ])('%s -> %s', async (_name, overrides, expected) => {
    const token = await aToken(t.store, overrides);
    expect((await auth.check(token, NOW)).status).toBe(expected);
  });

  it('a token of a blocked user is Blocked', async () => {
    const userId = await aUser(t.store, { status: 'blocked' });
    const token = await aToken(t.store, { userId });
    expect(await auth.check(token, NOW)).toEqual({ status: 'Blocked', userId });
  });

  it('an unknown token is Invalid (or the status asked for)', async () => {
    expect(await auth.check('NOBODY', NOW)).toEqual({ status: 'Invalid' });
    expect(await auth.check('NOBODY', NOW, { unknownStatus: 'Unknown' })).toEqual({ status: 'Unknown' });
  });

  it('reports expiry and user of an accepted token', async () => {
    const userId = await aUser(t.store);
    const token = await aToken(t.store, { userId, expiresAtMs: NOW + 86_400_000 });
    expect(await auth.check(token, NOW)).toEqual({
      status: 'Accepted',
      userId,
      expiresAtMs: NOW + 86_400_000,
    });
  });
});
