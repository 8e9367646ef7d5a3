import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { equalShare } from './strategies/equal-share.js';
import { priority } from './strategies/priority.js';
import { timeOfUse } from './strategies/time-of-use.js';
import type { Strategy } from './strategy.js';

/** The built-in strategies by name. */
export const BUILT_IN_STRATEGIES: Readonly<Record<string, Strategy>> = {
  'equal-share': equalShare,
  priority,
  'time-of-use': timeOfUse,
};

/** A strategy name or module that cannot be used, with what to change. */
export class StrategyLoadError extends Error {
  override readonly name = 'StrategyLoadError';
}

/** True when `name` is a built-in strategy. */
export function isBuiltInStrategy(name: string): boolean {
  return Object.hasOwn(BUILT_IN_STRATEGIES, name);
}

/**
 * A built-in strategy by name (`equal-share`, `priority`, `time-of-use`), or a researcher's own
 * from a module path (relative to the working directory) whose default export, or export named
 * `strategy`, is a {@link Strategy} function.
 */
export async function loadStrategy(nameOrPath: string): Promise<Strategy> {
  const builtIn = isBuiltInStrategy(nameOrPath) ? BUILT_IN_STRATEGIES[nameOrPath] : undefined;
  if (builtIn !== undefined) return builtIn;
  if (!/[./\\]/.test(nameOrPath)) {
    throw new StrategyLoadError(
      `unknown strategy "${nameOrPath}": use one of ${Object.keys(BUILT_IN_STRATEGIES).join(', ')}, or a module path such as ./my-strategy.js`,
    );
  }
  const url = pathToFileURL(resolve(nameOrPath)).href;
  let mod: Record<string, unknown>;
  try {
    mod = (await import(url)) as Record<string, unknown>;
  } catch (err) {
    throw new StrategyLoadError(
      `cannot load strategy module "${nameOrPath}": ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  const fn = typeof mod.default === 'function' ? mod.default : mod.strategy;
  if (typeof fn !== 'function') {
    throw new StrategyLoadError(
      `strategy module "${nameOrPath}" must export a function (input) => Allocation[] as default or as "strategy"`,
    );
  }
  return fn as Strategy;
}
