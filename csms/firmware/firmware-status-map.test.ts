import { expect, it } from 'vitest';
import { statusEffect } from './firmware-status-map.js';

it.each([
  ['Downloading', 'DOWNLOADING', false],
  ['DownloadScheduled', 'DOWNLOADING', false],
  ['DownloadPaused', 'DOWNLOADING', false],
  ['Downloaded', 'DOWNLOADED', false],
  ['SignatureVerified', 'DOWNLOADED', false],
  ['InstallScheduled', 'DOWNLOADED', false],
  ['DownloadFailed', 'DOWNLOAD_FAILED', false],
  ['InvalidSignature', 'DOWNLOAD_FAILED', false],
  ['Installing', 'INSTALLING', false],
  ['InstallRebooting', 'INSTALLING', true],
  ['Installed', 'INSTALLING', true],
  ['InstallationFailed', 'INSTALLATION_FAILED', false],
  ['InstallVerificationFailed', 'INSTALLATION_FAILED', false],
  ['Idle', undefined, false],
  ['SomethingNew', undefined, false],
])('%s -> %s (waits for the boot: %s)', (status, state, awaitBoot) => {
  const effect = statusEffect(status);
  expect(effect.state).toBe(state);
  expect(effect.awaitBoot === true).toBe(awaitBoot);
});
