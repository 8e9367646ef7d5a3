import { existsSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { bundledSitesDir } from './package-root.js';

/**
 * Where a file a step names is: as given (absolute, or relative to the working directory), beside
 * the feature file, then in the bundled scenarios/sites/. Undefined when it is in none of them.
 */
export function findScenarioFile(path: string, featureUri: string): string | undefined {
  if (isAbsolute(path)) return existsSync(path) ? path : undefined;
  const candidates = [
    resolve(path),
    resolve(dirname(resolve(featureUri)), path),
    resolve(bundledSitesDir(), path),
  ];
  return candidates.find((c) => existsSync(c));
}
