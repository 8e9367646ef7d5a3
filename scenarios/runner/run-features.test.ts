import { expect, it } from 'vitest';
import { RunCollector } from '../../reports/collector.js';
import { runFeatures } from './run-features.js';

it('runs a bundled feature end to end', async () => {
  const collector = new RunCollector({ command: 'run', seed: 1, startedAtMs: 0 });
  const result = await runFeatures({ paths: ['scenarios/features/billing.feature'], seed: 1, collector });
  console.log(JSON.stringify(result, null, 1));
  expect(result.outcomes.map((o) => o.verdict)).toEqual(['PASS']);
}, 120_000);
