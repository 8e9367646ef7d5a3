import type { CaseStep, CaseVars, ConformanceCase } from '../conformance-case.js';
import { expectCall, sendCall } from '../dsl.js';
import { present } from '../field-pattern.js';

const fw = {
  version: '1.6',
  side: 'charger',
  suite: 'firmware',
  block: '1.6 Firmware Management',
  requiresFeature: 'FirmwareManagement',
  ignore: ['StatusNotification', 'BootNotification'],
} as const;

/** Time a charger is given to download and install, clock ms. */
const INSTALL_MS = 15 * 60_000;

function update(image: string) {
  return sendCall(
    'UpdateFirmware',
    (v: CaseVars) => ({
      location: `${String(v['firmwareUrl'])}/${image}`,
      retrieveDate: v['now'],
      retries: 0,
    }),
    {},
  );
}

function fsn(status: string): CaseStep {
  return expectCall('FirmwareStatusNotification', { status }, { withinMs: INSTALL_MS });
}

/** OCPP 1.6 Firmware Management charger-side cases. */
export const V16_FIRMWARE_CASES: readonly ConformanceCase[] = [
  {
    ...fw,
    id: 'TC_044_1',
    title: 'Firmware update - download and install',
    specRef: 'OCPP 1.6 §5.19 UpdateFirmware, §4.5 FirmwareStatusNotification',
    steps: [
      update('conformance-1.6-c1.bin'),
      fsn('Downloading'),
      fsn('Downloaded'),
      fsn('Installing'),
      fsn('Installed'),
    ],
  },
  {
    ...fw,
    id: 'TC_044_2',
    title: 'Firmware update - download failed',
    specRef: 'OCPP 1.6 §5.19 UpdateFirmware (DownloadFailed)',
    steps: [update('no-such-image.bin'), fsn('Downloading'), fsn('DownloadFailed')],
  },
  {
    ...fw,
    id: 'TC_044_3',
    title: 'Firmware update - installation failed',
    specRef: 'OCPP 1.6 §5.19 UpdateFirmware (InstallationFailed)',
    preconditions: ['The charger will fail to install the image (arranged by the tester).'],
    steps: [
      { kind: 'operator', action: { kind: 'arrange-failing-install' } },
      update('conformance-1.6-c2.bin'),
      fsn('Downloading'),
      fsn('Downloaded'),
      fsn('Installing'),
      fsn('InstallationFailed'),
    ],
  },
  {
    ...fw,
    id: 'TC_045_1',
    title: 'Get diagnostics of a charge point',
    specRef: 'OCPP 1.6 §5.9 GetDiagnostics, §4.4 DiagnosticsStatusNotification',
    steps: [
      sendCall('GetDiagnostics', (v: CaseVars) => ({ location: String(v['uploadUrl']), retries: 0 }), {
        fileName: present,
      }),
      expectCall('DiagnosticsStatusNotification', { status: 'Uploading' }, { withinMs: INSTALL_MS }),
      expectCall('DiagnosticsStatusNotification', { status: 'Uploaded' }, { withinMs: INSTALL_MS }),
    ],
  },
];
