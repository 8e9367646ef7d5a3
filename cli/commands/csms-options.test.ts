import { describe, expect, it } from 'vitest';
import { UsageError } from '../usage-error.js';
import type { RawCsmsOptions } from './csms-options.js';
import { parseCsmsOptions } from './csms-options.js';

const defaults: RawCsmsOptions = {
  port: '9000',
  host: '127.0.0.1',
  heartbeatInterval: '300',
  registration: 'auto',
  bootPolicy: 'Accepted',
  strictness: 'reject',
  callTimeout: '30000',
  gateways: '0',
};

describe('parseCsmsOptions', () => {
  it('turns the defaults into numbers and modes', () => {
    expect(parseCsmsOptions(defaults, {})).toEqual({
      port: 9000,
      host: '127.0.0.1',
      heartbeatIntervalS: 300,
      registration: 'auto',
      bootPolicy: 'Accepted',
      strictness: 'reject',
      callTimeoutMs: 30000,
      gateways: 0,
    });
  });

  it('takes DATABASE_URL when --database-url is absent', () => {
    expect(parseCsmsOptions(defaults, { DATABASE_URL: 'postgres://u@h/db' }).databaseUrl).toBe(
      'postgres://u@h/db',
    );
    expect(parseCsmsOptions({ ...defaults, dataDir: ':memory:' }, {}).dataDir).toBe(':memory:');
  });

  it.each([
    [{ port: '99999' }, '--port must be an integer from 0 to 65535 (got "99999")'],
    [{ port: 'http' }, '--port must be an integer'],
    [{ heartbeatInterval: '0' }, '--heartbeat-interval must be an integer from 1'],
    [{ registration: 'open' }, '--registration must be one of auto, strict (got "open")'],
    [{ bootPolicy: 'accepted' }, '--boot-policy must be one of Accepted, Pending, Rejected'],
    [{ strictness: 'lenient' }, '--strictness must be one of reject, record'],
    [{ callTimeout: '-5' }, '--call-timeout must be an integer'],
    [{ gateways: '65' }, '--gateways must be an integer from 0 to 64 (got "65")'],
    [{ databaseUrl: 'mysql://x' }, '--database-url (or DATABASE_URL) must be a postgres:// URL'],
    [
      { databaseUrl: 'postgres://x', dataDir: 'd' },
      '--data-dir and --database-url name two different stores',
    ],
  ] as [Partial<RawCsmsOptions>, string][])('%j -> %s', (over, message) => {
    expect(() => parseCsmsOptions({ ...defaults, ...over }, {})).toThrow(UsageError);
    expect(() => parseCsmsOptions({ ...defaults, ...over }, {})).toThrow(message);
  });
});
