import type { StationFirmwareState } from './firmware-types.js';

/** What a FirmwareStatus means for a station's campaign state. */
export interface StatusEffect {
  /** The new state; undefined leaves the state as it is (the step is still recorded). */
  readonly state?: StationFirmwareState;
  /** Installed: the reboot's BootNotification decides between INSTALLED and INSTALLATION_FAILED. */
  readonly awaitBoot?: boolean;
  readonly note?: string;
}

const EFFECTS: Readonly<Record<string, StatusEffect>> = {
  Idle: {},
  DownloadScheduled: { state: 'DOWNLOADING', note: 'download scheduled' },
  Downloading: { state: 'DOWNLOADING' },
  DownloadPaused: { state: 'DOWNLOADING', note: 'download paused' },
  Downloaded: { state: 'DOWNLOADED' },
  SignatureVerified: { state: 'DOWNLOADED', note: 'signature verified' },
  InstallScheduled: { state: 'DOWNLOADED', note: 'install scheduled (a transaction is running)' },
  DownloadFailed: { state: 'DOWNLOAD_FAILED', note: 'download failed' },
  InvalidSignature: { state: 'DOWNLOAD_FAILED', note: 'invalid signature' },
  Installing: { state: 'INSTALLING' },
  InstallRebooting: { state: 'INSTALLING', awaitBoot: true, note: 'rebooting into the new firmware' },
  Installed: { state: 'INSTALLING', awaitBoot: true, note: 'installed; waiting for the BootNotification' },
  InstallationFailed: { state: 'INSTALLATION_FAILED', note: 'installation failed' },
  InstallVerificationFailed: { state: 'INSTALLATION_FAILED', note: 'install verification failed' },
};

/**
 * The effect of a FirmwareStatusNotification (1.6, 1.6 signed or 2.0.1 status) on a campaign
 * station. Unknown statuses change nothing and are recorded with a note.
 */
export function statusEffect(status: string): StatusEffect {
  return EFFECTS[status] ?? { note: `unknown firmware status ${status}` };
}
