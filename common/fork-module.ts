import { fork } from 'node:child_process';
import type { ChildProcess, ForkOptions } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Starts a module of this package in a child process with an IPC channel: `name` is a file beside
 * the calling module (`callerUrl`, its `import.meta.url`), given without extension. From the
 * compiled package it runs `name.js`; from the TypeScript sources (tests) `name.ts`, through the
 * `tsx` loader (a development dependency).
 */
export function forkSibling(callerUrl: string, name: string, options: ForkOptions = {}): ChildProcess {
  const fromSources = callerUrl.endsWith('.ts');
  const path = fileURLToPath(new URL(`./${name}.${fromSources ? 'ts' : 'js'}`, callerUrl));
  return fork(path, [], {
    ...options,
    execArgv: [...(fromSources ? ['--import', 'tsx'] : []), ...(options.execArgv ?? [])],
  });
}
