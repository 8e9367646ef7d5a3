import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

/**
 * The folder holding the harness's package.json, found upwards from this module: the same from
 * the sources (`scenarios/support/`) and from the build (`dist/scenarios/support/`).
 */
export function packageRoot(): string {
  if (root !== undefined) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'scenarios'))) {
      root = dir;
      return dir;
    }
    const up = dirname(dir);
    if (up === dir) throw new Error('cannot find the ocpp-harness package folder above ' + import.meta.url);
    dir = up;
  }
}

/** The bundled feature files. */
export function bundledFeaturesDir(): string {
  return join(packageRoot(), 'scenarios', 'features');
}

/** The bundled site files. */
export function bundledSitesDir(): string {
  return join(packageRoot(), 'scenarios', 'sites');
}
