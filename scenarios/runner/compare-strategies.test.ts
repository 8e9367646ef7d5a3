import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it, vi } from 'vitest';
import { runCli } from '../../cli/program.js';

const dir = mkdtempSync(join(tmpdir(), 'compare-'));

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => {
    out += String(c);
    return true;
  });
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((c: string | Uint8Array) => {
    err += String(c);
    return true;
  });
  try {
    return { code: await runCli(args), out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
    process.exitCode = undefined;
  }
}

/** A researcher's own strategy: every session gets 6 A, whatever the fuse. */
const SIX_AMPS = `export default (input) => input.sessions.map((s) => ({
  sessionId: s.sessionId, chargerId: s.chargerId, perPhaseA: 6, phases: s.phases,
  firstPhase: s.firstPhase, reason: 'six amps for everyone' }));
`;

const SITE = {
  id: 'two-chargers',
  name: 'Two chargers on 40 A',
  timeZone: 'Asia/Kolkata',
  voltageV: 230,
  phases: 3,
  mainFuseA: 40,
  pv: { peakPowerW: 5000 },
  home: { minPowerW: 1000, maxPowerW: 3000 },
  chargers: [
    { id: 'CP1', version: '1.6', maxCurrentA: 32, phases: 3 },
    { id: 'CP2', version: '2.0.1', maxCurrentA: 32, phases: 1, phase: 'L2' },
  ],
  evs: { arrivalHour: { meanHour: 1, sdHours: 0.2 }, stayHours: { min: 5, max: 6 } },
};

it('runs the same site and EVs under a built-in and a module strategy into one side-by-side report', async () => {
  const site = join(dir, 'site.json');
  writeFileSync(site, JSON.stringify(SITE));
  const mine = join(dir, 'six-amps.mjs');
  writeFileSync(mine, SIX_AMPS);
  const report = join(dir, 'report');
  const { code, out } = await cli([
    'compare',
    '--site',
    site,
    '--strategies',
    `equal-share,${mine}`,
    '--days',
    '1',
    '--report',
    report,
  ]);
  expect(code).toBe(0);
  expect(out).toMatch(/strategy\s+verdict\s+peak A/);
  const summary = JSON.parse(readFileSync(join(report, 'summary.json'), 'utf8')) as {
    cases: { id: string; verdict: string; metrics: Record<string, { value: unknown }> }[];
    comparison?: { strategies: { name: string; caseId: string }[] };
  };
  expect(summary.cases.map((c) => [c.id, c.verdict])).toEqual([
    ['compare/equal-share', 'PASS'],
    [
      `compare/${mine
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-|-$/g, '')}`,
      'PASS',
    ],
  ]);
  const [fair, six] = summary.cases;
  // the same EVs met both strategies; six amps delivers less of what they wanted
  expect(fair!.metrics['energy.evCount']?.value).toBe(2);
  expect(six!.metrics['energy.evCount']?.value).toBe(2);
  expect(Number(six!.metrics['energy.meanDeliveredPct']?.value)).toBeLessThan(
    Number(fair!.metrics['energy.meanDeliveredPct']?.value),
  );
  expect(summary.comparison?.strategies.map((s) => s.name)).toEqual(['equal-share', mine]);
}, 600_000);

it.each([
  [
    ['compare', '--site', 'x.json', '--strategies', 'fastest-first'],
    /--strategies: unknown strategy "fastest-first"/,
  ],
  [['compare', '--site', '/no/site.json'], /--site: cannot read site file \/no\/site.json/],
  [['compare', '--site', 'x.json', '--days', '0'], /--days must be a whole number from 1 to 31/],
  [['compare', '--site', 'x.json', '--strategies', 'priority,priority'], /names "priority" twice/],
])('exits 2 on %j', async (args, message) => {
  const { code, err } = await cli(args);
  expect(code).toBe(2);
  expect(err).toMatch(message);
});
