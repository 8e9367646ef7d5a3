import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { selectCases } from '../../scenarios/conformance/case-catalogue.js';
import { runCli } from '../program.js';
import { certifyCommand } from './certify-command.js';

function sink(): { stream: Writable; text: () => string } {
  const parts: string[] = [];
  return {
    stream: new Writable({
      write(chunk: Buffer, _enc, done) {
        parts.push(chunk.toString());
        done();
      },
    }),
    text: () => parts.join(''),
  };
}

const dirs: string[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

describe('ocpp-harness certify', () => {
  it.each([
    [['--version', '3', '--station', 'CP1'], /--version must be 1.6 or 2.0.1, got "3"/],
    [['--version', '1.6'], /--station must be 1-48 letters/],
    [['--version', '1.6', '--station', 'CP1', '--suite', 'fast'], /--suite "fast" is not a suite/],
    [
      ['--version', '1.6', '--station', 'CP1', '--port', '70000'],
      /--port must be a whole number from 0 to 65535/,
    ],
    [
      ['--version', '2.0.1', '--station', 'CP1', '--case', 'TC_001'],
      /--case TC_001 is not a charger-side case of OCPP 2.0.1/,
    ],
  ])('certify %j exits 2 naming the bad option', async (args, message) => {
    const errors: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      errors.push(String(chunk));
      return true;
    });
    expect(await runCli(['certify', ...args])).toBe(2);
    expect(errors.join('')).toMatch(message);
  });

  it('--simulated writes a report with one JUnit testcase per case id, grouped by block', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'certify-'));
    dirs.push(dir);
    const out = sink();
    const code = await certifyCommand(
      {
        version: '2.0.1',
        station: 'SIMCP',
        suite: 'smart-charging',
        simulated: true,
        seed: '5',
        report: dir,
      },
      out.stream,
    );
    expect(code).toBe(0);
    expect(out.text()).toMatch(/passed, 0 failed/);
    const junit = await readFile(join(dir, 'junit.xml'), 'utf8');
    const ids = selectCases('charger', '2.0.1', ['smart-charging']).map((c) => c.id);
    const testcases = [...junit.matchAll(/<testcase name="([A-Z0-9_]+) /g)].map((m) => m[1]);
    expect(testcases).toEqual(ids);
    expect(junit).toContain('<testsuite name="K Smart Charging"');
    const html = await readFile(join(dir, 'index.html'), 'utf8');
    for (const id of ids) expect(html).toContain(id);
    const summary = JSON.parse(await readFile(join(dir, 'summary.json'), 'utf8')) as Record<string, unknown>;
    expect(JSON.stringify(summary)).toContain('TC_K_01_CS');
  });
});
