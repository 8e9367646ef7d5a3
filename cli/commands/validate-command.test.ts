import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../program.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const samples = join(root, 'schemas', 'samples');
const dir = mkdtempSync(join(tmpdir(), 'ocpp-validate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => {
  process.exitCode = undefined;
});

function file(name: string, lines: readonly string[]): string {
  const path = join(dir, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

/** Runs the CLI in-process and captures what it writes. */
async function run(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  process.stdout.write = (chunk: string | Uint8Array) => ((stdout += String(chunk)), true);
  process.stderr.write = (chunk: string | Uint8Array) => ((stderr += String(chunk)), true);
  try {
    const code = await runCli(argv);
    return { code, stdout, stderr };
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
    process.exitCode = undefined;
  }
}

interface JsonReport {
  frames: number;
  valid: number;
  invalid: number;
  unchecked: number;
  actions: { action: string; calls: number; results: number; errors: number; invalid: number }[];
  findings: {
    line: number;
    messageId?: string;
    action?: string;
    pointer: string;
    code: string;
    message: string;
  }[];
}

async function runJson(...argv: string[]): Promise<{ code: number; report: JsonReport }> {
  const { code, stdout } = await run(...argv, '--json');
  return { code, report: JSON.parse(stdout) as JsonReport };
}

describe('ocpp-harness validate', () => {
  it.each([
    ['1.6', 'session-1.6.jsonl', 36],
    ['2.0.1', 'session-2.0.1.jsonl', 26],
  ])('passes the recorded OCPP %s sample session (exit 0)', async (version, name, frames) => {
    const { code, report } = await runJson('validate', '--version', version, join(samples, name));
    expect(code).toBe(0);
    expect(report).toMatchObject({ frames, valid: frames, invalid: 0, unchecked: 0, findings: [] });
  });

  it('prints the per-action table and a summary line', async () => {
    const { code, stdout } = await run('validate', '--version', '1.6', join(samples, 'session-1.6.jsonl'));
    expect(code).toBe(0);
    expect(stdout).toMatch(/^action\s+calls\s+results\s+errors\s+invalid$/m);
    expect(stdout).toMatch(/^MeterValues\s+3\s+3\s+0\s+0$/m);
    expect(stdout).toMatch(/^StatusNotification\s+7\s+7\s+0\s+0$/m);
    expect(stdout).toMatch(/^total\s+18\s+18\s+0\s+0$/m);
    expect(stdout).toContain('36 valid, 0 invalid, 0 unchecked');
  });

  it('reports each faulty frame with line, message id, action, pointer and code (exit 1)', async () => {
    const { code, report } = await runJson('validate', '--version', '1.6', join(samples, 'faulty-1.6.jsonl'));
    expect(code).toBe(1);
    expect(
      report.findings.map(({ line, messageId, action, pointer, code: c }) => [
        line,
        messageId,
        action,
        pointer,
        c,
      ]),
    ).toEqual([
      [2, '1', 'BootNotification', '/interval', 'TypeConstraintViolation'],
      [4, '2', 'StatusNotification', '/connectorId', 'OccurenceConstraintViolation'],
      [6, '3', 'Authorize', '/idTag', 'FormationViolation'],
    ]);
    expect(report).toMatchObject({ frames: 6, valid: 2, invalid: 3, unchecked: 1 });
  });

  it('prints violations in words, with the OCPP-J code', async () => {
    const { stdout } = await run('validate', '--version', '1.6', join(samples, 'faulty-1.6.jsonl'));
    expect(stdout).toContain(
      'line 6 id 3  Authorize CALL  FormationViolation  /idTag: must be at most 20 characters (got 26)',
    );
  });

  it('uses 2.0.1 codes for a 2.0.1 file', async () => {
    const path = file('v201-bad.jsonl', [
      '[2,"1","BootNotification",{"chargingStation":{"model":"AC22","vendorName":"Voltaro"}}]',
      'not json at all',
      '[7,"2","Heartbeat",{}]',
    ]);
    const { code, report } = await runJson('validate', '--version', '2.0.1', path);
    expect(code).toBe(1);
    expect(report.findings.map((f) => [f.line, f.code])).toEqual([
      [1, 'OccurrenceConstraintViolation'],
      [2, 'FormatViolation'],
      [3, 'MessageTypeNotSupported'],
    ]);
    expect(report.actions.find((a) => a.action === '(malformed)')).toMatchObject({ invalid: 2 });
  });

  it('matches answers to CALLs by message id and direction', async () => {
    const path = file('both-ways.jsonl', [
      '{"direction":"station->csms","frame":[2,"1","Heartbeat",{}]}',
      '{"direction":"csms->station","frame":[2,"1","Reset",{"type":"Soft"}]}',
      '{"direction":"station->csms","frame":[3,"1",{"status":"Accepted"}]}',
      '{"direction":"csms->station","frame":[3,"1",{"currentTime":"2026-03-01T10:00:00Z"}]}',
    ]);
    const { code, report } = await runJson('validate', '--version', '1.6', path);
    expect(report.findings).toEqual([]);
    expect(code).toBe(0);
    expect(report.actions).toEqual([
      { action: 'Heartbeat', calls: 1, results: 1, errors: 0, invalid: 0 },
      { action: 'Reset', calls: 1, results: 1, errors: 0, invalid: 0 },
    ]);
  });

  it('flags a record with a bad direction or no frame, naming the field', async () => {
    const path = file('bad-records.jsonl', [
      '{"direction":"up","frame":[2,"1","Heartbeat",{}]}',
      '{"direction":"station->csms"}',
    ]);
    const { code, report } = await runJson('validate', '--version', '1.6', path);
    expect(code).toBe(1);
    expect(report.findings.map((f) => f.message)).toEqual([
      '"direction" must be "station->csms" or "csms->station" (got "up")',
      'a record needs "frame" (the OCPP-J array) or "raw" (the frame text); a bare frame is a JSON array',
    ]);
  });

  it('reads a file that starts with a byte-order mark and has CRLF line ends', async () => {
    const path = join(dir, 'bom.jsonl');
    writeFileSync(path, '\uFEFF[2,"1","Heartbeat",{}]\r\n[3,"1",{"currentTime":"2026-03-01T10:00:00Z"}]\r\n');
    const { code, report } = await runJson('validate', '--version', '1.6', path);
    expect(report).toMatchObject({ frames: 2, valid: 2, invalid: 0 });
    expect(code).toBe(0);
  });

  it('notes when the records say they were recorded under another version', async () => {
    const { code, stdout } = await run('validate', '--version', '1.6', join(samples, 'session-2.0.1.jsonl'));
    expect(code).toBe(1);
    expect(stdout).toContain('note: the records say they were recorded as OCPP 2.0.1; is --version right?');
  });

  it('counts an answer to no CALL in the file as unchecked, not invalid', async () => {
    const { code, report } = await runJson(
      'validate',
      '--version',
      '1.6',
      file('orphan.jsonl', ['[3,"99",{}]']),
    );
    expect(code).toBe(0);
    expect(report).toMatchObject({ frames: 1, unchecked: 1, invalid: 0 });
  });

  it.each([
    [
      ['validate', '--version', '1.5', join(samples, 'session-1.6.jsonl')],
      '--version must be 1.6 or 2.0.1 (got "1.5")',
    ],
    [
      ['validate', '--version', '1.6', join(dir, 'missing.jsonl')],
      `cannot read FILE "${join(dir, 'missing.jsonl')}": no such file`,
    ],
    [['validate', '--version', '1.6', dir], 'it is a directory'],
    [['validate', join(samples, 'session-1.6.jsonl')], "required option '--version <version>' not specified"],
    [['validate', '--version', '1.6'], "missing required argument 'file'"],
  ])('exits 2 on a usage error: %j', async (argv, message) => {
    const { code, stderr } = await run(...argv);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
  });
});

const built = join(root, 'dist', 'cli', 'main.js');
const source = join(root, 'cli', 'commands', 'validate-command.ts');
const buildIsFresh = existsSync(built) && statSync(built).mtimeMs >= statSync(source).mtimeMs;
if (!buildIsFresh)
  console.log(
    `skipping the child-process run: ${built} is missing or older than the sources (npm run build)`,
  );

describe.skipIf(!buildIsFresh)('ocpp-harness validate as a child process of the build', () => {
  it('prints the summary and exits 0 on the sample, 1 on the faulty sample', async () => {
    const node = promisify(execFile);
    const ok = await node(process.execPath, [
      built,
      'validate',
      '--version',
      '1.6',
      join(samples, 'session-1.6.jsonl'),
    ]);
    expect(ok.stdout).toContain('36 valid, 0 invalid');
    const failed = await node(process.execPath, [
      built,
      'validate',
      '--version',
      '1.6',
      join(samples, 'faulty-1.6.jsonl'),
    ]).then(
      () => undefined,
      (err: { code?: number; stdout?: string }) => err,
    );
    expect(failed?.code).toBe(1);
    expect(failed?.stdout).toContain('OccurenceConstraintViolation');
  });
});
