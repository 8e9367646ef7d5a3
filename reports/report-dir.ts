import { lstat, mkdir, readdir, rename, rm, symlink, unlink, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { escapeHtml } from './escape.js';

/** Where reports go when `--report DIR` is not given. */
export const DEFAULT_REPORT_BASE = 'reports/out';

/** Name of the link (or, without symlinks, the redirect folder) to the newest report. */
export const LATEST_NAME = 'latest';

/** File naming the newest report inside a `latest` folder written where symlinks are unavailable. */
export const LATEST_MARKER = 'LATEST';

/** What {@link reportDir} may be given besides its arguments. */
export interface ReportDirOptions {
  /** Creates a symlink; replaceable to exercise the fallback. Defaults to `fs.symlink`. */
  readonly symlink?: (target: string, path: string, type: 'dir' | 'junction') => Promise<void>;
}

/**
 * Creates the folder `<base>/<time>-<command>/` for a new report (time as
 * `2026-11-21T23-05-09Z`, from `clockTimeMs`; `-2`, `-3`… appended if taken), points
 * `<base>/latest` at it, and returns its absolute path. `latest` is a relative symlink; where
 * symlinks cannot be made it is a folder whose `index.html` redirects to the newest report and
 * whose `LATEST` file names it.
 */
export async function reportDir(
  command: string,
  base: string = DEFAULT_REPORT_BASE,
  clockTimeMs: number,
  options: ReportDirOptions = {},
): Promise<string> {
  if (!/^[a-z][a-z0-9-]*$/.test(command)) {
    throw new Error(`report command name "${command}" must be lower-case letters, digits and dashes`);
  }
  if (!Number.isFinite(clockTimeMs)) throw new Error('clockTimeMs must be a finite epoch time in ms');
  const root = resolve(base);
  await mkdir(root, { recursive: true });
  const stamp = new Date(clockTimeMs).toISOString().slice(0, 19).replaceAll(':', '-');
  let name = `${stamp}Z-${command}`;
  for (let n = 2; ; n++) {
    try {
      await mkdir(join(root, name));
      break;
    } catch (err) {
      if (!isCode(err, 'EEXIST')) throw err;
      name = `${stamp}Z-${command}-${n}`;
    }
  }
  await pointLatest(root, name, options.symlink ?? defaultSymlink);
  return join(root, name);
}

async function defaultSymlink(target: string, path: string, type: 'dir' | 'junction'): Promise<void> {
  await symlink(target, path, type);
}

async function pointLatest(
  root: string,
  name: string,
  link: NonNullable<ReportDirOptions['symlink']>,
): Promise<void> {
  const latest = join(root, LATEST_NAME);
  const temp = join(root, `.${LATEST_NAME}-${process.pid}-${name}`);
  const junction = process.platform === 'win32';
  try {
    await link(junction ? join(root, name) : name, temp, junction ? 'junction' : 'dir');
  } catch {
    await writeFallback(latest, name);
    return;
  }
  try {
    await rename(temp, latest);
  } catch {
    try {
      await removeLatest(latest);
      await rename(temp, latest);
    } catch (err) {
      await unlink(temp).catch(() => undefined);
      throw err;
    }
  }
}

/** Removes `latest` when it is a link or a fallback folder written here; anything else is left alone. */
async function removeLatest(latest: string): Promise<void> {
  const stat = await lstat(latest).catch(() => undefined);
  if (stat === undefined) return;
  if (stat.isSymbolicLink()) {
    await unlink(latest);
    return;
  }
  const entries = stat.isDirectory() ? await readdir(latest) : [];
  if (entries.includes(LATEST_MARKER)) {
    await rm(latest, { recursive: true });
    return;
  }
  throw new Error(
    `${latest} exists and is not a report link; move it away so the newest report can be linked`,
  );
}

async function writeFallback(latest: string, name: string): Promise<void> {
  await removeLatest(latest);
  await mkdir(latest);
  const target = `../${encodeURIComponent(name)}/index.html`;
  await writeFile(join(latest, LATEST_MARKER), `${name}\n`);
  await writeFile(
    join(latest, 'index.html'),
    `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="0; url=${escapeHtml(target)}"><title>latest report</title></head>\n<body><p>The newest report is <a href="${escapeHtml(target)}">${escapeHtml(name)}</a>.</p></body></html>\n`,
  );
}

function isCode(err: unknown, code: string): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === code;
}
