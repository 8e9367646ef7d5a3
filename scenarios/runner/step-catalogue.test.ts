import { readFileSync } from 'node:fs';
import { expect, it, vi } from 'vitest';
import { runCli } from '../../cli/program.js';
import { ALL_STEPS } from '../steps/all-steps.js';
import { catalogueBlock, renderStepsMarkdown, renderStepsText } from './step-catalogue.js';

async function stepsOutput(args: string[]): Promise<string> {
  let out = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => {
    out += String(c);
    return true;
  });
  try {
    expect(await runCli(args)).toBe(0);
  } finally {
    spy.mockRestore();
  }
  return out;
}

it('`ocpp-harness steps` lists every step phrase with an example and what it does', async () => {
  const out = await stepsOutput(['steps']);
  expect(out).toBe(renderStepsText(ALL_STEPS));
  for (const s of ALL_STEPS) {
    expect(out).toContain(
      `  ${s.keyword} ${s.expression}\n      e.g. ${s.keyword} ${s.example}\n      ${s.doc}\n`,
    );
  }
});

it('scenarios/README.md carries the generated step list (regenerate: ocpp-harness steps --update-readme)', async () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const markdown = await stepsOutput(['steps', '--markdown']);
  expect(markdown).toBe(renderStepsMarkdown(ALL_STEPS));
  expect(catalogueBlock(readme)).toBe(markdown);
});
