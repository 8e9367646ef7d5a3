import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DlbSettingsInput } from '../csms/dlb/dlb-settings.js';
import { runDlbSite } from './dlb-site-run.js';
import type { DlbSiteRunResult } from './dlb-site-run.js';

/** One configuration the bench compares. */
interface DlbBenchCase {
  readonly name: string;
  readonly strategy: string;
  readonly settings?: DlbSettingsInput;
}

const CASES: readonly DlbBenchCase[] = [
  { name: 'equal-share', strategy: 'equal-share' },
  { name: 'priority', strategy: 'priority' },
  {
    name: 'time-of-use (18-22 h x0.5)',
    strategy: 'time-of-use',
    settings: { timeOfUse: [{ from: '18:00', to: '22:00', factor: 0.5 }] },
  },
  { name: 'Extreme', strategy: 'equal-share', settings: { modes: { extreme: true } } },
  { name: 'Night Full Speed', strategy: 'equal-share', settings: { modes: { nightFullSpeed: true } } },
  { name: 'PV Dynamic Balance', strategy: 'equal-share', settings: { modes: { pvDynamic: true } } },
  { name: 'Min+PV', strategy: 'equal-share', settings: { modes: { pvDynamic: true, minPlusPv: true } } },
];

const pct = (x: number | null): string => (x === null ? '-' : `${(x * 100).toFixed(1)} %`);
const num = (x: number | null, d = 3): string => (x === null ? '-' : x.toFixed(d));

/**
 * The proof, as a benchmark: a 60 A site with PV and home load and six chargers (1.6 and
 * 2.0.1, one of them single-phase on L3), each visited by a morning and an evening EV, runs 24 h of
 * virtual time over real ws against the reference CSMS once per strategy and mode. Prints fuse,
 * fairness and energy figures and writes them to `reports/out/dlb/summary.json`
 * (or `$DLB_BENCH_OUT/summary.json`).
 */
export async function runDlbBench(): Promise<void> {
  const hours = Number(process.env['DLB_BENCH_HOURS'] ?? 24);
  const results: (DlbSiteRunResult & { name: string })[] = [];
  console.log(`60 A site, 6 chargers, ${hours} h virtual per case, seed 42`);
  console.log(
    'case'.padEnd(28) +
      'peak A'.padStart(8) +
      '>In s'.padStart(7) +
      '>1.13 s'.padStart(9) +
      ' trip' +
      'Jain'.padStart(7) +
      'EV min'.padStart(8) +
      'EV kWh'.padStart(8) +
      'PV self'.padStart(9) +
      'import kWh'.padStart(12) +
      'profiles'.padStart(10) +
      'wall s'.padStart(8),
  );
  for (const c of CASES) {
    const r = await runDlbSite({
      seed: 42,
      strategy: c.strategy,
      ...(c.settings === undefined ? {} : { settings: c.settings }),
      hours,
      chargers: 6,
      mainFuseA: 60,
    });
    results.push({ name: c.name, ...r });
    const evKwh = r.evEnergy.perEv.reduce((a, e) => a + e.deliveredWh, 0) / 1000;
    console.log(
      c.name.padEnd(28) +
        r.fuse.peakA.toFixed(1).padStart(8) +
        r.fuse.secondsAboveLimit.toFixed(0).padStart(7) +
        r.fuse.secondsAbove113.toFixed(0).padStart(9) +
        (r.fuse.wouldTrip ? ' YES ' : ' no  ') +
        num(r.fairness.meanIndex).padStart(7) +
        pct(r.evEnergy.minRatio).padStart(8) +
        evKwh.toFixed(1).padStart(8) +
        pct(r.energy.pvSelfConsumption).padStart(9) +
        (r.energy.gridImportWh / 1000).toFixed(1).padStart(12) +
        String(r.profilesSent).padStart(10) +
        (r.wallMs / 1000).toFixed(1).padStart(8),
    );
  }
  const dir = process.env['DLB_BENCH_OUT'] ?? join('reports', 'out', 'dlb');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'summary.json');
  writeFileSync(
    file,
    `${JSON.stringify({ site: { mainFuseA: 60, chargers: 6, hours, seed: 42 }, results }, null, 2)}\n`,
  );
  console.log(`metrics written to ${file}`);
  const over = results.filter((r) => r.fuse.secondsAbove113 > 0);
  if (over.length > 0) console.log(`ABOVE 1.13 x THE FUSE: ${over.map((r) => r.name).join(', ')}`);
}

if (import.meta.url === `file://${process.argv[1]}`) await runDlbBench();
