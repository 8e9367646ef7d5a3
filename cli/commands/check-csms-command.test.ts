import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { RealClock } from '../../common/clock.js';
import { createWsTransport } from '../../common/ws-transport.js';
import { UserStore } from '../../csms/auth/user-store.js';
import { createCsms, type Csms } from '../../csms/create-csms.js';
import { runCli } from '../program.js';
import { checkCsmsCommand, type CheckCsmsCommandOptions } from './check-csms-command.js';

let csms: Csms;
let dir: string;

beforeAll(async () => {
  csms = createCsms({
    clock: new RealClock(),
    transport: createWsTransport(),
    store: { dataDir: ':memory:' },
  });
  await csms.start();
  await new UserStore(csms.store).addToken({ token: 'CHECKTAG1' }, Date.now());
  dir = await mkdtemp(join(tmpdir(), 'check-csms-'));
});
afterAll(async () => {
  await csms.stop();
  await rm(dir, { recursive: true, force: true });
});

function options(over: Partial<CheckCsmsCommandOptions>): CheckCsmsCommandOptions {
  return {
    csms: csms.ocppUrl,
    version: '1.6',
    station: 'CHECKCLI',
    idTag: 'CHECKTAG1',
    unknownIdTag: 'NOSUCHTAG',
    prompt: false,
    ...over,
  };
}

const quiet = new Writable({ write: (_c, _e, done) => done() });

describe('ocpp-harness check-csms', () => {
  it.each([
    [['--version', '1.6'], /--csms must be the CSMS's OCPP URL/],
    [
      ['--version', '1.6', '--csms', 'http://x/ocpp'],
      /--csms must be the CSMS's OCPP URL, ws:\/\/ or wss:\/\//,
    ],
    [['--csms', 'ws://127.0.0.1:1/ocpp', '--version', '2.1'], /--version must be 1.6 or 2.0.1/],
    [
      ['--csms', 'ws://127.0.0.1:1/ocpp', '--version', '1.6', '--response-timeout', '0'],
      /--response-timeout must be a positive number of seconds/,
    ],
  ])('check-csms %j exits 2 naming the bad option', async (args, message) => {
    const errors: string[] = [];
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      errors.push(String(chunk));
      return true;
    });
    try {
      expect(await runCli(['check-csms', ...args])).toBe(2);
    } finally {
      spy.mockRestore();
    }
    expect(errors.join('')).toMatch(message);
  });

  it('exits 0 over real WebSockets when the reference CSMS passes, with cases needing a person NOT_APPLICABLE', async () => {
    const report = join(dir, 'pass');
    const code = await checkCsmsCommand(
      options({ report, case: 'TC_001_CSMS,HT_J_04_CSMS,TC_013_CSMS' }),
      quiet,
    );
    expect(code).toBe(0);
    const junit = await readFile(join(report, 'junit.xml'), 'utf8');
    // JUnit groups the cases by block: one testsuite per block, one testcase per case id.
    expect([...junit.matchAll(/<testcase name="(\S+) /g)].map((m) => m[1])).toEqual([
      'TC_001_CSMS',
      'TC_013_CSMS',
      'HT_J_04_CSMS',
    ]);
    expect(junit).toMatch(/<skipped message="not applicable: nobody can make the CSMS send Reset here"/);
  });

  it('exits 1 when a case fails (an id tag the CSMS does not accept)', async () => {
    const report = join(dir, 'fail');
    const code = await checkCsmsCommand(
      options({ report, version: '2.0.1', idTag: 'NOT-REGISTERED', case: 'TC_E_01_CSMS' }),
      quiet,
    );
    expect(code).toBe(1);
    const junit = await readFile(join(report, 'junit.xml'), 'utf8');
    expect(junit).toMatch(
      /<failure message="TransactionEvent answer: idTokenInfo.status is &quot;(Invalid|Unknown)&quot;, not &quot;Accepted&quot;/,
    );
  });
});
