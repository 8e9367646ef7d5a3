import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { OcppVersion } from '../common/ocpp-version.js';
import type { PayloadKind } from '../common/rpc-types.js';

const FOLDER: Record<OcppVersion, string> = { '1.6': 'ocpp1.6', '2.0.1': 'ocpp2.0.1' };

let root: URL | undefined;

/**
 * The folder holding `ocpp1.6/` and `ocpp2.0.1/`: beside this module when run from source, or the
 * package's `schemas/` folder when run from the compiled `dist/schemas/`.
 */
export function schemasRoot(): URL {
  if (root) return root;
  const candidates = [new URL('./', import.meta.url), new URL('../../schemas/', import.meta.url)];
  const found = candidates.find((c) => existsSync(new URL('ocpp1.6/BootNotification.json', c)));
  if (!found) {
    const tried = candidates.map((c) => fileURLToPath(c)).join(', ');
    throw new Error(`OCPP schemas not found (looked in ${tried}): run npm run schemas:sync`);
  }
  root = found;
  return found;
}

/**
 * File name of an action's schema as shipped by the OCA: 1.6 `Action.json` / `ActionResponse.json`,
 * 2.0.1 `ActionRequest.json` / `ActionResponse.json`.
 */
export function schemaFileName(version: OcppVersion, action: string, kind: PayloadKind): string {
  if (kind === 'response') return `${action}Response.json`;
  return version === '1.6' ? `${action}.json` : `${action}Request.json`;
}

/** Path (relative to the repository) of an action's schema, for messages and documentation. */
export function schemaPath(version: OcppVersion, action: string, kind: PayloadKind): string {
  return `schemas/${FOLDER[version]}/${schemaFileName(version, action, kind)}`;
}

/** Every schema file of a version by name, as text: read once, on the first schema asked for. */
const texts = new Map<OcppVersion, Map<string, string>>();

function schemaTexts(version: OcppVersion): Map<string, string> {
  let byName = texts.get(version);
  if (byName === undefined) {
    const folder = new URL(`${FOLDER[version]}/`, schemasRoot());
    byName = new Map(
      readdirSync(folder)
        .filter((name) => name.endsWith('.json'))
        .map((name) => [name, readFileSync(new URL(name, folder), 'utf8')]),
    );
    texts.set(version, byName);
  }
  return byName;
}

/**
 * Reads and parses an action's official schema. The first call for a version reads all of that
 * version's schema files (about 1 MB for both): a validator compiling a schema later, mid-run,
 * opens no file, so it goes on in a process that has as many sockets open as it may have files.
 */
export function readSchema(version: OcppVersion, action: string, kind: PayloadKind): Record<string, unknown> {
  const text = schemaTexts(version).get(schemaFileName(version, action, kind));
  if (text === undefined) {
    throw new Error(`${schemaPath(version, action, kind)} is missing: run npm run schemas:sync`);
  }
  return JSON.parse(text) as Record<string, unknown>;
}
