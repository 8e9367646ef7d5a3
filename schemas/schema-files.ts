import { existsSync, readFileSync } from 'node:fs';
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

/** Reads and parses an action's official schema. */
export function readSchema(version: OcppVersion, action: string, kind: PayloadKind): Record<string, unknown> {
  const url = new URL(`${FOLDER[version]}/${schemaFileName(version, action, kind)}`, schemasRoot());
  return JSON.parse(readFileSync(url, 'utf8')) as Record<string, unknown>;
}
