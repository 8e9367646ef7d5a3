import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RealClock } from '../../common/clock.js';
import { createWsTransport } from '../../common/ws-transport.js';
import { runCli } from '../../cli/program.js';
import { createCsms } from '../../csms/create-csms.js';
import { openScenarioStore } from '../support/scenario-store.js';

const dir = mkdtempSync(join(tmpdir(), 'scenario-run-'));
let fileNo = 0;

function feature(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    err += String(chunk);
    return true;
  });
  try {
    process.exitCode = undefined;
    const code = await runCli(args);
    return { code, out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
    process.exitCode = undefined;
  }
}

const SHORT_SITE = `
  Background:
    Given a site with a 63 A main fuse on 3 phases
    And a charger "CP1" speaking OCPP 1.6 on phase L1
    And a charger "CP2" speaking OCPP 2.0.1 on phase L2
    And a user "Asha" with a wallet of 100.00 INR
    And the simulation starts at 18:00 site time
`;

afterEach(() => {
  process.exitCode = undefined;
});

describe('ocpp-harness run', () => {
  it('passes and fails scenarios in-process, suggests the closest phrases for an unknown one, and exits 1', async () => {
    const file = feature(
      'mixed.feature',
      `Feature: Mixed outcomes
${SHORT_SITE}
  @pass
  Scenario: An EV charges with every frame valid
    When an EV arrives at charger "CP1" wanting 2 kWh
    And the simulation runs for 20 min
    Then every frame is valid
    And charger "CP1" delivered at least 0.5 kWh

  Scenario: A wrong expectation fails
    When the simulation runs for 10 min
    Then the wallet of "Asha" holds 99.00 INR

  Scenario: An unknown phrase
    When the simulation run for 2 hours
`,
    );
    const report = join(dir, 'report-mixed');
    const { code, out } = await cli(['run', file, '--report', report]);
    expect(code).toBe(1);
    expect(out).toMatch(/✔ PASS {2}An EV charges with every frame valid/);
    expect(out).toContain('the wallet of "Asha" holds 100.00 INR, expected 99.00 INR');
    expect(out).toContain('unknown step "the simulation run for 2 hours". Closest known phrases:');
    expect(out).toContain('When the simulation runs for {duration}');
    expect(out).toContain(`report: ${join(report, 'index.html')}`);
    const summary = JSON.parse(readFileSync(join(report, 'summary.json'), 'utf8')) as {
      cases: { id: string; verdict: string }[];
    };
    expect(summary.cases.map((c) => [c.id, c.verdict])).toEqual([
      ['mixed/an-ev-charges-with-every-frame-valid', 'PASS'],
      ['mixed/a-wrong-expectation-fails', 'FAIL'],
      ['mixed/an-unknown-phrase', 'FAIL'],
    ]);
    const junit = readFileSync(join(report, 'junit.xml'), 'utf8');
    expect(junit.match(/<testcase /g)).toHaveLength(3);
    expect(readFileSync(join(report, 'frames.jsonl'), 'utf8').split('\n').length).toBeGreaterThan(10);

    const passing = await cli(['run', file, '--tags', '@pass', '--report', join(dir, 'report-pass')]);
    expect(passing.code).toBe(0);
    expect(passing.out).toContain('1 of 1 scenarios passed');
  }, 300_000);

  it.each([
    [
      'a feature file Gherkin cannot parse',
      'Feature: Broken\n  Scenario: One\n    Given a site with a 63 A main fuse on 3 phases\n  This line is not Gherkin\n',
      /broken-\d\.feature:4: .*expected/,
    ],
    [
      'a site file that is not a valid site',
      'Feature: Bad site\n  Scenario: One\n    Given a site from "BADSITE"\n    When the simulation runs for 1 min\n',
      /bad-site-\d\.feature:3: Given a site from .*is not a valid site:\n\s+- .*mainFuseA/,
    ],
    [
      'a time of day that does not exist',
      'Feature: Bad time\n  Scenario: One\n    Given a site with a 63 A main fuse on 3 phases\n    And the simulation starts at 25:00 site time\n',
      /bad-time-\d\.feature:4: .*time "25:00": write a 24-hour time HH:mm/,
    ],
  ])(
    'exits 2 on %s, naming the file, the line and what is wrong',
    async (_what, text, message) => {
      const site = join(dir, 'bad-site.json');
      writeFileSync(site, JSON.stringify({ id: 'x', timeZone: 'Asia/Kolkata', voltageV: 230, phases: 3 }));
      const name = `${_what.includes('site') ? 'bad-site' : _what.includes('time') ? 'bad-time' : 'broken'}-${++fileNo}.feature`;
      const file = feature(name, text.replace('BADSITE', site));
      const { code, err } = await cli(['run', file, '--report', join(dir, `report-${name}`)]);
      expect(code).toBe(2);
      expect(err).toMatch(message);
    },
    120_000,
  );

  it.each([
    [['run', '/no/such/dir'], /no feature file or folder "\/no\/such\/dir"/],
    [['run', '--csms', 'http://example.com'], /--csms must be a ws:\/\/ or wss:\/\/ URL/],
    [['run', '--seed', ' '], /--seed must not be empty/],
  ])('exits 2 on bad options %j', async (args, message) => {
    const { code, err } = await cli(args);
    expect(code).toBe(2);
    expect(err).toMatch(message);
  });

  it('gives the same frames and report for the same seed, byte for byte, and other frames for another seed', async () => {
    const file = feature(
      'seeded.feature',
      `Feature: Seeded
${SHORT_SITE}
  Scenario: Two EVs for half an hour
    When 2 EVs arrive at 18:05 wanting 5 kWh each
    And the simulation runs for 30 min
    Then every frame is valid
`,
    );
    const run = async (seed: string, name: string): Promise<Record<string, string>> => {
      const report = join(dir, name);
      const { code } = await cli(['run', file, '--seed', seed, '--report', report]);
      expect(code).toBe(0);
      const files = ['frames.jsonl', 'summary.json', 'junit.xml', 'index.html'];
      return Object.fromEntries(files.map((f) => [f, readFileSync(join(report, f), 'utf8')]));
    };
    const a = await run('7', 'seed-7-a');
    const b = await run('7', 'seed-7-b');
    const c = await run('8', 'seed-8');
    expect(a['frames.jsonl']!.length).toBeGreaterThan(1000);
    for (const f of Object.keys(a)) expect(b[f], f).toBe(a[f]);
    expect(c['frames.jsonl']).not.toBe(a['frames.jsonl']);
  }, 300_000);

  it('points the chargers at an external CSMS with --csms and runs in real time', async () => {
    const store = await openScenarioStore();
    const csms = createCsms({ clock: new RealClock(), transport: createWsTransport({}), store });
    await csms.start();
    try {
      const file = feature(
        'external.feature',
        `Feature: External
  Scenario: Two chargers boot against the CSMS under test
    Given a site with a 63 A main fuse on 3 phases
    And a charger "EXT-1" speaking OCPP 1.6 on phase L1
    And a charger "EXT-2" speaking OCPP 2.0.1 on phase L2
    When the simulation runs for 3 s
    Then charger "EXT-1" is online
    And charger "EXT-2" is online
    And every frame is valid
`,
      );
      const report = join(dir, 'report-external');
      const { code, out } = await cli(['run', file, '--csms', csms.ocppUrl, '--report', report]);
      expect(code, out).toBe(0);
      expect(csms.connectionState('EXT-2')).toBe('DISCONNECTED');
      const frames = readFileSync(join(report, 'frames.jsonl'), 'utf8');
      expect(frames).toContain('BootNotification');
    } finally {
      await csms.stop();
      await store.close();
    }
  }, 120_000);
});
