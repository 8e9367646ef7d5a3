import { lstat, mkdir, mkdtemp, readFile, readlink, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { reportDir } from './report-dir.js';

const T = Date.UTC(2026, 10, 21, 23, 5, 9, 450);
const noSymlinks = (): Promise<void> => Promise.reject(Object.assign(new Error('EPERM'), { code: 'EPERM' }));

describe('reportDir', () => {
  let base: string;
  beforeEach(async () => {
    base = join(await mkdtemp(join(tmpdir(), 'ocpp-harness-out-')), 'reports', 'out');
  });
  afterEach(async () => {
    await rm(join(base, '..', '..'), { recursive: true, force: true });
  });

  it('creates <time>-<command> and points latest at the newest', async () => {
    const first = await reportDir('run', base, T);
    expect(basename(first)).toBe('2026-11-21T23-05-09Z-run');
    expect(await readlink(join(base, 'latest'))).toBe('2026-11-21T23-05-09Z-run');
    const second = await reportDir('compare', base, T + 60_000);
    expect(basename(second)).toBe('2026-11-21T23-06-09Z-compare');
    expect(await readlink(join(base, 'latest'))).toBe(basename(second));
    await writeFile(join(second, 'index.html'), 'newest');
    expect(await readFile(join(base, 'latest', 'index.html'), 'utf8')).toBe('newest');
    expect((await readdir(base)).sort()).toEqual([basename(first), basename(second), 'latest'].sort());
  });

  it('never reuses a folder: a second report in the same second gets a suffix', async () => {
    const a = await reportDir('run', base, T);
    const b = await reportDir('run', base, T);
    const c = await reportDir('run', base, T);
    expect([a, b, c].map((d) => basename(d))).toEqual([
      '2026-11-21T23-05-09Z-run',
      '2026-11-21T23-05-09Z-run-2',
      '2026-11-21T23-05-09Z-run-3',
    ]);
  });

  it('without symlinks, writes latest/ as a page that redirects to the newest report, and replaces it later', async () => {
    const a = await reportDir('run', base, T, { symlink: noSymlinks });
    expect(await readFile(join(base, 'latest', 'LATEST'), 'utf8')).toBe(`${basename(a)}\n`);
    expect(await readFile(join(base, 'latest', 'index.html'), 'utf8')).toContain(
      `url=../${basename(a)}/index.html`,
    );
    const b = await reportDir('run', base, T + 1000, { symlink: noSymlinks });
    expect(await readFile(join(base, 'latest', 'LATEST'), 'utf8')).toBe(`${basename(b)}\n`);
    const c = await reportDir('run', base, T + 2000);
    expect((await lstat(join(base, 'latest'))).isSymbolicLink()).toBe(true);
    expect(await readlink(join(base, 'latest'))).toBe(basename(c));
  });

  it('leaves a latest folder it did not write alone and says so', async () => {
    await mkdir(join(base, 'latest'), { recursive: true });
    await writeFile(join(base, 'latest', 'notes.txt'), 'mine');
    await expect(reportDir('run', base, T)).rejects.toThrow(/is not a report link; move it away/);
    expect(await readFile(join(base, 'latest', 'notes.txt'), 'utf8')).toBe('mine');
    expect((await readdir(base)).filter((n) => n.startsWith('.'))).toEqual([]);
  });

  it.each(['Run', 'run/../x', '', 'a b'])('refuses the command name %j', async (command) => {
    await expect(reportDir(command, base, T)).rejects.toThrow(/lower-case letters, digits and dashes/);
  });
});
