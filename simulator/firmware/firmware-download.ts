import { createHash, createVerify } from 'node:crypto';
import type { KeyObject } from 'node:crypto';

/** Response header carrying the served image's version. */
export const FIRMWARE_VERSION_HEADER = 'x-firmware-version';

/** What a download checked. */
export interface DownloadedImage {
  readonly sizeBytes: number;
  /** Hex SHA-256 of the bytes received. */
  readonly sha256: string;
  /** The version the server gave (X-Firmware-Version), or the file name without its extension. */
  readonly version: string;
  /** Signature verdict when a signature was to be checked. */
  readonly signatureValid?: boolean;
}

/** A failed download, with why. */
export class DownloadError extends Error {
  override readonly name = 'DownloadError';
}

/** Options of {@link downloadImage}. */
export interface DownloadOptions {
  /** Verify this base64 signature (SHA-256, DER ECDSA or PKCS#1 RSA) over the bytes with `key`. */
  readonly signature?: { readonly key: KeyObject; readonly signatureB64: string };
  /** Fault: flip a byte of what was received before checking. */
  readonly corrupt?: boolean;
}

function digestOf(header: string | null): string | undefined {
  if (header === null) return undefined;
  const m = /sha-256=:([A-Za-z0-9+/=]+):/i.exec(header);
  return m === null ? undefined : Buffer.from(m[1]!, 'base64').toString('hex');
}

/**
 * Downloads an image over HTTP(S), streaming: counts the bytes against `Content-Length`, hashes
 * them against `Repr-Digest: sha-256=:…:` (when served), and verifies a signature when asked.
 * @throws DownloadError naming what did not match
 */
export async function downloadImage(
  location: string,
  options: DownloadOptions = {},
): Promise<DownloadedImage> {
  let res: Response;
  try {
    res = await fetch(location);
  } catch (error) {
    throw new DownloadError(`cannot reach ${location}: ${(error as Error).message}`);
  }
  if (!res.ok || res.body === null) {
    await res.body?.cancel().catch(() => undefined);
    throw new DownloadError(`GET ${location} answered ${res.status}`);
  }
  const hash = createHash('sha256');
  const verify = options.signature === undefined ? undefined : createVerify('sha256');
  let size = 0;
  let first = true;
  for await (const part of res.body) {
    let buf = Buffer.from(part);
    if (options.corrupt === true && first && buf.byteLength > 0) {
      buf = Buffer.from(buf);
      buf[0] = buf[0]! ^ 0xff;
    }
    first = false;
    size += buf.byteLength;
    hash.update(buf);
    verify?.update(buf);
  }
  const sha256 = hash.digest('hex');
  const length = res.headers.get('content-length');
  if (length !== null && Number(length) !== size)
    throw new DownloadError(`size mismatch: received ${size} bytes, expected ${length}`);
  const expected = digestOf(res.headers.get('repr-digest'));
  if (expected !== undefined && expected !== sha256)
    throw new DownloadError(`checksum mismatch: sha256 ${sha256}, expected ${expected}`);
  const fileName = decodeURIComponent(new URL(location).pathname.split('/').pop() ?? '');
  const version = res.headers.get(FIRMWARE_VERSION_HEADER) ?? fileName.replace(/\.[^.]*$/, '');
  let signatureValid: boolean | undefined;
  if (verify !== undefined && options.signature !== undefined) {
    try {
      signatureValid = verify.verify(
        options.signature.key,
        Buffer.from(options.signature.signatureB64, 'base64'),
      );
    } catch {
      signatureValid = false;
    }
  }
  return { sizeBytes: size, sha256, version, ...(signatureValid === undefined ? {} : { signatureValid }) };
}
