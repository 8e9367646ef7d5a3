import { createHash, createPrivateKey, sign } from 'node:crypto';

/**
 * The firmware test key of the conformance suites (RSA, PKCS#1 v1.5 over SHA-256, so the same
 * image always gives the same signature and the frames stay the same run after run). It signs
 * test images only: never trust it on a real charger outside a test bench.
 */
const TEST_SIGNING_KEY = `-----BEGIN PRIVATE KEY-----
MIICdQIBADANBgkqhkiG9w0BAQEFAASCAl8wggJbAgEAAoGBAPweHYzK9TapO9Nk
hYtjk6LfXqVZ/PI7930XGHcoA0cZUfKReKFVPj6pfs3aEwvItpqMIk4uTazLilNm
E5Ge/JuHKabI9i+QZkwr/Ft05xuVnQDsZSoyU+FDX03eQtRXJL2QcCYZNbNEs82p
dI60xz0e1WwxF+33+hncjvYjSSKlAgMBAAECgYBiQUZY6XwZWmkDYIifIyaVciIL
pP9sVCyGpqqVPZXRbq++Li1qCrOgbiQKC7Qigo2Pu49fErKY5hY5nG2B8gkVudhs
UbuZkqM9R4Turo8m/BWKb40p1ohAjLc4Qj+NjdEuHdft4lfara3uxIVjkMQjQjLK
o99eeHT5gv0F069FvQJBAP95mcLSlFne/yUSBOTYNBEeibFuDbBK4dUmqRRmPdmz
RKFlJVs6X8i0SzVE6QtP06ZSr53MxOnuLw1G69kM5YsCQQD8or+iUeFAhf+r0DS1
tObIk15kZQ+UyZdAMo9YK+mjUC0jiyQUsbdb9UgTJBHPRsy55BAC0g7OXYaPG7CY
n/6PAkBKM6x4TKdwDvf2cWxgd3dv/XmqwjdRm/5J5ae4WBXg1FO7uOAHxkWpyswJ
VdGGSpJDvcJqR95tv5OE/LNl4HwPAkBbJejYCoynd/EXryXlTSBay3ip5iBqARWV
7ufy2t0PtBSlF0VsRfYusl9PsJrQWu3wP41bRyhaYjnzFf1wA4GXAkAUHhWr/9hZ
TK6SNaLKkVnEzQM41pyKQLkouEQq1hGO5rf/7oo2iuTDfKHtjbboU1px2Ot2Wj8f
1QpJ9nLYMRmp
-----END PRIVATE KEY-----`;

/** The public half of the firmware test key, sent as `signingCertificate` (a PEM public key). */
export const TEST_SIGNING_PUBLIC_KEY = `-----BEGIN PUBLIC KEY-----
MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQD8Hh2MyvU2qTvTZIWLY5Oi316l
WfzyO/d9Fxh3KANHGVHykXihVT4+qX7N2hMLyLaajCJOLk2sy4pTZhORnvybhymm
yPYvkGZMK/xbdOcblZ0A7GUqMlPhQ19N3kLUVyS9kHAmGTWzRLPNqXSOtMc9HtVs
MRft9/oZ3I72I0kipQIDAQAB
-----END PUBLIC KEY-----
`;

/** A test firmware image: its bytes, version, SHA-256 and signature. */
export interface FirmwareImage {
  readonly name: string;
  readonly version: string;
  readonly bytes: Buffer;
  readonly sha256B64: string;
  /** Base64 signature of the bytes with the test key. */
  readonly signatureB64: string;
}

/** The image `name` (e.g. `conformance-2.0.0.bin`), the same bytes every time. */
export function firmwareImage(name: string): FirmwareImage {
  const version = name.replace(/^conformance-/, '').replace(/\.bin$/, '');
  const line = Buffer.from(`ocpp-harness conformance firmware ${version}\n`);
  const bytes = Buffer.concat(Array.from({ length: Math.ceil(8192 / line.length) }, () => line)).subarray(
    0,
    8192,
  );
  return {
    name,
    version,
    bytes,
    sha256B64: createHash('sha256').update(bytes).digest('base64'),
    signatureB64: sign('sha256', bytes, createPrivateKey(TEST_SIGNING_KEY)).toString('base64'),
  };
}

/** A signature that does not match `image` (made over other bytes with the same key). */
export function wrongSignature(image: FirmwareImage): string {
  return sign('sha256', Buffer.from(`not ${image.name}`), createPrivateKey(TEST_SIGNING_KEY)).toString(
    'base64',
  );
}
