import type { CaseStep, CaseVars, ConformanceCase } from '../conformance-case.js';
import { expectCall, mayReceive, sendCall, unplug } from '../dsl.js';
import { TEST_SIGNING_PUBLIC_KEY, firmwareImage, wrongSignature } from '../firmware-images.js';
import { oneOf } from '../field-pattern.js';
import { v201 } from './v201-sessions.js';

const l = {
  version: '2.0.1',
  side: 'charger',
  suite: 'firmware',
  block: 'L Firmware Management',
  numberingNote: 'number as best known; check against the official OCTT 2.0.1 list',
  ignore: ['StatusNotification', 'BootNotification'],
} as const;

const IMAGE = firmwareImage('conformance-2.0.1-c1.bin');
/** Time a charger is given to download and install, clock ms. */
const INSTALL_MS = 15 * 60_000;

function update(
  requestId: number,
  over: { location?: string; installInS?: number; signature?: string } = {},
) {
  return sendCall(
    'UpdateFirmware',
    (v: CaseVars) => ({
      requestId,
      retries: 0,
      firmware: {
        location: `${String(v['firmwareUrl'])}/${over.location ?? IMAGE.name}`,
        retrieveDateTime: v['now'],
        ...(over.installInS === undefined
          ? {}
          : {
              installDateTime: new Date(Date.parse(String(v['now'])) + over.installInS * 1000).toISOString(),
            }),
        signingCertificate: TEST_SIGNING_PUBLIC_KEY,
        signature: over.signature ?? IMAGE.signatureB64,
      },
    }),
    { status: 'Accepted' },
  );
}

function fsn(requestId: number, status: string | ReturnType<typeof oneOf>): CaseStep {
  return expectCall('FirmwareStatusNotification', { status, requestId }, { withinMs: INSTALL_MS });
}

function downloaded(requestId: number): CaseStep[] {
  return [
    fsn(requestId, 'Downloading'),
    fsn(requestId, 'Downloaded'),
    mayReceive('FirmwareStatusNotification', { status: 'SignatureVerified', requestId }),
  ];
}

function installed(requestId: number): CaseStep[] {
  return [
    fsn(requestId, 'Installing'),
    mayReceive('FirmwareStatusNotification', { status: 'InstallRebooting', requestId }, INSTALL_MS),
    fsn(requestId, 'Installed'),
  ];
}

/** OCPP 2.0.1 block L (firmware management) charger-side cases. */
export const V201_L_CASES: readonly ConformanceCase[] = [
  {
    ...l,
    id: 'TC_L_01_CS',
    title: 'Secure firmware update - installation successful',
    specRef: 'OCPP 2.0.1 L01 (L01.FR.01-FR.06, status order)',
    steps: [update(1201), ...downloaded(1201), ...installed(1201)],
  },
  {
    ...l,
    id: 'TC_L_02_CS',
    title: 'Secure firmware update - installation scheduled',
    specRef: 'OCPP 2.0.1 L01 (L01.FR.11 InstallScheduled, installDateTime)',
    steps: [
      update(1202, { installInS: 120 }),
      ...downloaded(1202),
      fsn(1202, 'InstallScheduled'),
      ...installed(1202),
    ],
  },
  {
    ...l,
    id: 'TC_L_03_CS',
    title: 'Secure firmware update - download failed',
    specRef: 'OCPP 2.0.1 L01 (L01.FR.07 DownloadFailed after the retries)',
    steps: [
      update(1203, { location: 'no-such-image.bin' }),
      fsn(1203, 'Downloading'),
      fsn(1203, 'DownloadFailed'),
    ],
  },
  {
    ...l,
    id: 'TC_L_04_CS',
    title: 'Secure firmware update - install verification failed',
    specRef: 'OCPP 2.0.1 L01 (L01.FR.03 InvalidSignature / InstallVerificationFailed)',
    steps: [
      update(1204, { signature: wrongSignature(IMAGE) }),
      fsn(1204, 'Downloading'),
      fsn(1204, 'Downloaded'),
      fsn(1204, oneOf('InvalidSignature', 'InstallVerificationFailed')),
    ],
  },
  {
    ...l,
    id: 'TC_L_05_CS',
    title: 'Secure firmware update - installation failed',
    specRef: 'OCPP 2.0.1 L01 (L01.FR.08 InstallationFailed)',
    preconditions: ['The charger will fail to install the image (arranged by the tester).'],
    steps: [
      { kind: 'operator', action: { kind: 'arrange-failing-install' } },
      update(1205),
      ...downloaded(1205),
      fsn(1205, 'Installing'),
      fsn(1205, 'InstallationFailed'),
    ],
  },
  {
    ...l,
    id: 'TC_L_06_CS',
    title: 'Secure firmware update - during a transaction',
    specRef: 'OCPP 2.0.1 L01 (L01.FR.06: install after the transactions end, InstallScheduled)',
    steps: [
      ...v201
        .startCharging(1206)
        .filter((s) => !(s.kind === 'expect-call' && s.action === 'StatusNotification')),
      update(1206),
      ...downloaded(1206),
      fsn(1206, 'InstallScheduled'),
      ...v201.stopAndUnplug().slice(0, 2),
      unplug(1),
      ...installed(1206),
    ],
  },
];
