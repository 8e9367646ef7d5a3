import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { expect, it } from 'vitest';
import { RunCollector } from '../../reports/collector.js';
import { writeRunReport } from '../../reports/write-run-report.js';
import { runFeatures } from './run-features.js';

const CHROMIUM = '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) {
  process.stdout.write(
    `scenario report browser test skipped: ${CHROMIUM} is missing (apt-get install chromium)\n`,
  );
}

const FEATURE = `Feature: Report of a scenario run
  Scenario: Two EVs share a PV home and one is billed
    Given a site with a 40 A main fuse on 3 phases
    And PV peaking at 6 kW
    And home load profile "reference"
    And a sub-panel "garage" of 32 A on the main fuse
    And a three-phase charger "CP1" speaking OCPP 1.6 rated 32 A
    And a charger "CP2" speaking OCPP 2.0.1 on phase L2
    And charger "CP2" is on sub-panel "garage"
    And the tariff is 10.00 INR per kWh
    And a user "Asha" with a wallet of 300.00 INR
    And the simulation starts at 11:00 site time
    When user "Asha" starts charging at charger "CP1" wanting 6 kWh
    And an EV arrives at charger "CP2" wanting 6 kWh
    And the simulation runs for 2h
    And user "Asha" stops charging at charger "CP1"
    Then every frame is valid
`;

// Page-side code is text: it runs in the browser.
const DRAWN_OR_FAILED =
  "document.body.hasAttribute('data-charts-error') || " +
  "document.body.getAttribute('data-charts-drawn') === document.body.getAttribute('data-charts-total')";
const CHART_KINDS = `[...document.querySelectorAll('.chart')].map((d) => ({
  kind: d.getAttribute('data-chart') ?? '', svgs: d.querySelectorAll('.main-svg').length }))`;

it.skipIf(!haveChromium)(
  'a report written by a scenario run draws its charts in headless Chromium with no console error',
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scenario-report-'));
    const file = join(dir, 'report.feature');
    writeFileSync(file, FEATURE);
    const collector = new RunCollector({
      command: 'run',
      seed: 5,
      startedAtMs: Date.parse('2026-03-02T00:00:00Z'),
    });
    const result = await runFeatures({ paths: [file], seed: 5, collector });
    expect(result.outcomes.map((o) => o.verdict)).toEqual(['PASS']);
    const report = collector.build(Date.parse('2026-03-02T02:00:00Z'));
    const c = report.cases[0]!;
    expect(c.series.circuits.map((x) => x.circuitId)).toEqual(['main', 'garage']);
    expect(c.billing).toHaveLength(1);
    const written = await writeRunReport(report, join(dir, 'out'));
    const profile = mkdtempSync(join(tmpdir(), 'scenario-chromium-'));
    const browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
    });
    try {
      const page = await browser.newPage();
      const problems: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') problems.push(m.text());
      });
      page.on('pageerror', (e) => problems.push(e.message));
      page.on('request', (r) => {
        if (!r.url().startsWith('file://') && !r.url().startsWith('data:'))
          problems.push(`network: ${r.url()}`);
      });
      await page.goto(`${pathToFileURL(written.indexHtml).href}?draw=all`);
      await page.evaluate(
        `new Promise((resolve) => { const tick = () => ((${DRAWN_OR_FAILED}) ? resolve(true) : requestAnimationFrame(tick)); tick(); })`,
      );
      expect(await page.getAttribute('body', 'data-charts-error')).toBeNull();
      const charts = await page.evaluate<{ kind: string; svgs: number }[]>(CHART_KINDS);
      for (const kind of ['power-flow', 'phase-current', 'allocation', 'fairness', 'soc', 'frames']) {
        expect(
          charts.some((x) => x.kind === kind && x.svgs > 0),
          `a ${kind} chart drew`,
        ).toBe(true);
      }
      expect(await page.textContent('body')).toContain('Asha');
      expect(problems).toEqual([]);
    } finally {
      await browser.close();
      await rm(profile, { recursive: true, force: true });
      await rm(dir, { recursive: true, force: true });
    }
  },
  300_000,
);
