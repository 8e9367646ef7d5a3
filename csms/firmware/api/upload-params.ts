import type { Request } from 'express';
import { FirmwareError } from '../firmware-error.js';
import type { NewFirmwareImage } from '../firmware-store.js';

const bad = (message: string): FirmwareError => new FirmwareError('bad_request', message);
const HOW =
  "upload with: curl --data-binary @image.bin -H 'content-type: application/octet-stream' '<csms>/api/firmware?version=2.1.0&fileName=image.bin'";

/** Longest firmware version both versions' BootNotification carry (CiString50Type). */
const MAX_VERSION = 50;
/** Longest signature (1.6 security extension and 2.0.1 FirmwareType). */
const MAX_SIGNATURE = 800;
/** Longest signing certificate (PEM). */
const MAX_CERTIFICATE = 5500;

function one(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/**
 * Reads what describes an upload: `version` and optional `fileName` from the query, an optional
 * signature in `x-firmware-signature` (base64) with its certificate or public key in
 * `x-firmware-signing-certificate` (the PEM text, base64-encoded so that it fits a header).
 */
export function uploadParams(req: Request): NewFirmwareImage {
  const type = req.get('content-type') ?? '';
  if (/multipart|json|x-www-form-urlencoded/i.test(type))
    throw bad(`the image must be the raw request body (content-type application/octet-stream): ${HOW}`);
  const version = one(req.query['version'])?.trim();
  if (version === undefined || version === '' || version.length > MAX_VERSION)
    throw bad(
      `query parameter version is required (1-${MAX_VERSION} characters, the version stations will report): ${HOW}`,
    );
  const fileName = one(req.query['fileName']) ?? `firmware-${version}.bin`;
  if (!/^[\w.-]{1,100}$/.test(fileName))
    throw bad(`fileName must be 1-100 letters, digits, '.', '_' or '-', got ${JSON.stringify(fileName)}`);
  const signature = req.get('x-firmware-signature')?.trim();
  const certB64 = req.get('x-firmware-signing-certificate')?.trim();
  if ((signature === undefined) !== (certB64 === undefined))
    throw bad('a signed image needs both headers x-firmware-signature and x-firmware-signing-certificate');
  if (signature === undefined || certB64 === undefined) return { version, fileName };
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(signature) || signature.length > MAX_SIGNATURE)
    throw bad(`x-firmware-signature must be base64, at most ${MAX_SIGNATURE} characters`);
  const signingCertificate = Buffer.from(certB64, 'base64').toString('utf8');
  if (!signingCertificate.startsWith('-----BEGIN ') || signingCertificate.length > MAX_CERTIFICATE) {
    throw bad(
      `x-firmware-signing-certificate must be a PEM certificate or public key (at most ${MAX_CERTIFICATE} characters), base64-encoded: -H "x-firmware-signing-certificate: $(base64 -w0 cert.pem)"`,
    );
  }
  return { version, fileName, signature, signingCertificate };
}
