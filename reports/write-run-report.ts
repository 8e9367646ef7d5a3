import { copyFile, mkdir, open, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { writeFramesJsonl } from './frames-jsonl.js';
import { renderIndexHtml } from './html/index-html.js';
import { PLOTLY_FILE } from './html/page-assets.js';
import { renderJunitXml } from './junit-xml.js';
import type { RunReport } from './run-report.js';
import { REPORT_FILES, renderSummaryJson } from './summary-json.js';

/** Absolute paths of the files a report folder holds. */
export interface WrittenReport {
  readonly dir: string;
  readonly indexHtml: string;
  readonly summaryJson: string;
  readonly junitXml: string;
  readonly framesJsonl: string;
  readonly plotlyJs: string;
}

/** Where the plotly bundle is installed (the `plotly.js-dist-min` package). */
export function plotlyBundlePath(): string {
  return createRequire(import.meta.url).resolve('plotly.js-dist-min');
}

/**
 * Writes a run's report into `dir` (created if missing): `frames.jsonl`, `summary.json`,
 * `junit.xml`, `index.html` and `plotly.min.js` beside it, so that the page opens from file://
 * with no network. The same report gives the same files, byte for byte.
 */
export async function writeRunReport(report: RunReport, dir: string): Promise<WrittenReport> {
  const root = resolve(dir);
  await mkdir(root, { recursive: true });
  const paths: WrittenReport = {
    dir: root,
    indexHtml: join(root, REPORT_FILES.html),
    summaryJson: join(root, REPORT_FILES.summary),
    junitXml: join(root, REPORT_FILES.junit),
    framesJsonl: join(root, REPORT_FILES.frames),
    plotlyJs: join(root, PLOTLY_FILE),
  };
  const frames = await open(paths.framesJsonl, 'w');
  try {
    await writeFramesJsonl(frames, report.frames);
  } finally {
    await frames.close();
  }
  await writeFile(paths.summaryJson, renderSummaryJson(report));
  await writeFile(paths.junitXml, renderJunitXml(report));
  await copyFile(plotlyBundlePath(), paths.plotlyJs);
  await writeFile(paths.indexHtml, renderIndexHtml(report));
  return paths;
}
