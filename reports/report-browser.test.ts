import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aRunReport } from './test-support/a-run-report.js';
import { writeRunReport } from './write-run-report.js';

const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOT = 'reports/out/test-screenshot.png';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) {
  process.stdout.write(`report browser test skipped: ${CHROMIUM} is missing (apt-get install chromium)\n`);
}

interface ChartState {
  id: string;
  kind: string;
  svgs: number;
  traces: number;
}

// Page-side code is given as text: it runs in the browser, not in this Node program.
const DRAWN_OR_FAILED =
  "document.body.hasAttribute('data-charts-error') || " +
  "document.body.getAttribute('data-charts-drawn') === document.body.getAttribute('data-charts-total')";
const VISIBLE_CHARTS_DRAWN = `document.body.hasAttribute('data-charts-error') || [...document.querySelectorAll('.chart')]
  .filter((d) => { const r = d.getBoundingClientRect(); return r.bottom > 0 && r.top < window.innerHeight; })
  .every((d) => d.querySelector('.main-svg') !== null)`;
const CHART_STATES = `[...document.querySelectorAll('.chart')].map((d) => ({
  id: d.id,
  kind: d.getAttribute('data-chart') ?? '',
  svgs: d.querySelectorAll('.main-svg').length,
  traces: (d.data ?? []).length,
}))`;
const PARSE_XML = `(text) => {
  const doc = new DOMParser().parseFromString(text, 'application/xml');
  return {
    error: doc.getElementsByTagName('parsererror').length,
    suites: doc.getElementsByTagName('testsuite').length,
    cases: [...doc.getElementsByTagName('testcase')].map((t) => t.getAttribute('name')),
    failures: doc.getElementsByTagName('failure').length,
    skipped: doc.getElementsByTagName('skipped').length,
  };
}`;

// What the page looks like when a wait gives up: enough to tell a chart that never drew from a
// page that stopped rendering.
const PAGE_STATE = `({
  visibility: document.visibilityState,
  scrollY: window.scrollY,
  innerHeight: window.innerHeight,
  total: document.body.getAttribute('data-charts-total'),
  drawn: document.body.getAttribute('data-charts-drawn'),
  error: document.body.getAttribute('data-charts-error'),
  undrawn: [...document.querySelectorAll('.chart')]
    .filter((d) => d.querySelector('.main-svg') === null)
    .slice(0, 20)
    .map((d) => { const r = d.getBoundingClientRect(); return d.id + ' at ' + Math.round(r.top) + '..' + Math.round(r.bottom); }),
})`;
const WAIT_MS = 45_000;

/**
 * Waits until `predicate` (page-side code) holds, polling inside the page. Plain evaluation is
 * allowed by the report's Content-Security-Policy, which forbids the string evaluation that
 * `waitForFunction` would use. Polling uses timers, not animation frames, so a page that stops
 * rendering still answers. A wait that gives up fails with `what` and the page's state; a page
 * that stops running script at all fails on the Node side.
 */
async function waitInPage(page: Page, predicate: string, what: string): Promise<void> {
  const inPage = page.evaluate<unknown>(
    `new Promise((resolve) => {
      const deadline = Date.now() + ${WAIT_MS};
      const tick = () => {
        if (${predicate}) resolve(null);
        else if (Date.now() > deadline) resolve(${PAGE_STATE});
        else setTimeout(tick, 16);
      };
      tick();
    })`,
  );
  let timer: NodeJS.Timeout | undefined;
  const stalled = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what}: the page gave no answer within ${(WAIT_MS + 15_000) / 1000} s`)),
      WAIT_MS + 15_000,
    );
  });
  try {
    const state = await Promise.race([inPage, stalled]);
    if (state !== null)
      throw new Error(`${what}: not within ${WAIT_MS / 1000} s; page: ${JSON.stringify(state)}`);
  } finally {
    clearTimeout(timer);
  }
}

interface ParsedXml {
  error: number;
  suites: number;
  cases: string[];
  failures: number;
  skipped: number;
}

// Chromium drawing a page of plotly charts can take tens of seconds on a loaded 2-core machine.
describe.skipIf(!haveChromium)('the report in headless Chromium', { timeout: 180_000 }, () => {
  let browser: BrowserContext;
  let profile: string;
  let dir: string;

  beforeAll(async () => {
    profile = await mkdtemp(join(tmpdir(), 'ocpp-harness-chromium-'));
    dir = await mkdtemp(join(tmpdir(), 'ocpp-harness-report-'));
    // A fresh profile (launchPersistentContext passes it as --user-data-dir).
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1280, height: 900 },
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await rm(profile, { recursive: true, force: true });
    await rm(dir, { recursive: true, force: true });
  });

  it('draws every chart from file:// with no network and no console error', async () => {
    const written = await writeRunReport(aRunReport({ seed: 7, compare: true, stepS: 20 }), dir);
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('request', (r) => {
      if (!r.url().startsWith('file://') && !r.url().startsWith('data:'))
        problems.push(`network: ${r.url()}`);
    });
    page.on('dialog', (d) => {
      problems.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    await page.goto(`${pathToFileURL(written.indexHtml).href}?draw=all`);
    await waitInPage(page, DRAWN_OR_FAILED, 'drawing every chart');
    expect(await page.getAttribute('body', 'data-charts-error')).toBeNull();
    const charts = await page.evaluate<ChartState[]>(CHART_STATES);
    const kinds = new Set(charts.map((c) => c.kind));
    expect([...kinds].sort()).toEqual(
      [
        'allocation',
        'compare-phase',
        'fairness',
        'firmware',
        'frames',
        'phase-current',
        'power-flow',
        'soc',
      ].sort(),
    );
    expect(Number(await page.getAttribute('body', 'data-charts-drawn'))).toBe(charts.length);
    expect(Number(await page.getAttribute('body', 'data-charts-total'))).toBe(charts.length);
    for (const c of charts) {
      expect(c.svgs, `chart ${c.id} has no plotly svg`).toBeGreaterThan(0);
      expect(c.traces, `chart ${c.id} has no trace`).toBeGreaterThan(0);
    }
    expect(await page.locator('.raw-frame pre').first().textContent()).toContain('</script>');
    await page.screenshot({ path: SCREENSHOT });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('draws charts as they scroll into view, all of them by the end of the page', async () => {
    const written = await writeRunReport(aRunReport({ seed: 8, hours: 6 }), join(dir, 'lazy'));
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.goto(pathToFileURL(written.indexHtml).href);
    await waitInPage(page, VISIBLE_CHARTS_DRAWN, 'drawing the charts in view at the top');
    const total = Number(await page.getAttribute('body', 'data-charts-total'));
    expect(Number(await page.getAttribute('body', 'data-charts-drawn'))).toBeLessThan(total);
    const height = await page.evaluate<number>('document.documentElement.scrollHeight');
    for (let y = 0; y <= height; y += 700) {
      await page.evaluate(`window.scrollTo(0, ${y})`);
      await waitInPage(page, VISIBLE_CHARTS_DRAWN, `drawing the charts in view at y=${y}`);
    }
    await waitInPage(page, DRAWN_OR_FAILED, 'drawing the rest by the end of the page');
    expect(await page.getAttribute('body', 'data-charts-error')).toBeNull();
    expect(Number(await page.getAttribute('body', 'data-charts-drawn'))).toBe(total);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('finds junit.xml well-formed with the browser XML parser', async () => {
    const written = await writeRunReport(aRunReport({ seed: 3, hours: 2 }), join(dir, 'junit'));
    const page = await browser.newPage();
    const xml = await readFile(written.junitXml, 'utf8');
    const parsed = await page.evaluate<ParsedXml>(`(${PARSE_XML})(${JSON.stringify(xml)})`);
    expect(parsed.error).toBe(0);
    expect(parsed.suites).toBe(3);
    expect(parsed.cases).toEqual([
      'Reference home site <60 A> & PV — equal-share',
      'Utility limit drop "evening" is followed',
      'Smart charging: central profile <TxProfile>',
    ]);
    expect(parsed.failures).toBe(1);
    expect(parsed.skipped).toBe(1);
    await page.close();
  });
});
