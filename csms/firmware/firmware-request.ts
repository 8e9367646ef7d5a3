import type { OcppVersion } from '../../common/ocpp-version.js';
import type { FirmwareImage } from './firmware-types.js';

/** An UpdateFirmware (or 1.6 SignedUpdateFirmware) ready to send. */
export interface FirmwareCommand {
  readonly action: 'UpdateFirmware' | 'SignedUpdateFirmware';
  readonly payload: Record<string, unknown>;
  /** Whether the answer carries a status (everything but 1.6 plain UpdateFirmware). */
  readonly answersStatus: boolean;
}

/** What goes into one firmware command. */
export interface FirmwareCommandInput {
  readonly version: OcppVersion;
  readonly image: FirmwareImage;
  /** Where the station downloads the image. */
  readonly location: string;
  readonly requestId: number;
  readonly retrieveAtMs: number;
  readonly retries: number;
  readonly retryIntervalS: number;
}

/**
 * The command for a station: 1.6 UpdateFirmware (location, retrieveDate, retries, retryInterval),
 * 1.6 security extension SignedUpdateFirmware for a signed image, or 2.0.1 UpdateFirmware with
 * requestId (and signing certificate and signature for a signed image).
 */
export function firmwareCommand(input: FirmwareCommandInput): FirmwareCommand {
  const retrieve = new Date(input.retrieveAtMs).toISOString();
  const signed = input.image.signature !== null && input.image.signingCertificate !== null;
  if (input.version === '1.6' && !signed) {
    return {
      action: 'UpdateFirmware',
      answersStatus: false,
      payload: {
        location: input.location,
        retrieveDate: retrieve,
        retries: input.retries,
        retryInterval: input.retryIntervalS,
      },
    };
  }
  const firmware = {
    location: input.location,
    retrieveDateTime: retrieve,
    ...(signed
      ? { signingCertificate: input.image.signingCertificate, signature: input.image.signature }
      : {}),
  };
  return {
    action: input.version === '1.6' ? 'SignedUpdateFirmware' : 'UpdateFirmware',
    answersStatus: true,
    payload: {
      retries: input.retries,
      retryInterval: input.retryIntervalS,
      requestId: input.requestId,
      firmware,
    },
  };
}

/** The URL path an image is served at: `/firmware/{id}/{fileName}`. */
export function firmwarePath(image: FirmwareImage): string {
  return `/firmware/${image.id}/${encodeURIComponent(image.fileName)}`;
}
