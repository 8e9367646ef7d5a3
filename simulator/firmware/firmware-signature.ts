import { createPublicKey, X509Certificate } from 'node:crypto';
import type { KeyObject } from 'node:crypto';

/**
 * The public key of a signing certificate: a PEM X.509 certificate or a PEM public key
 * (SubjectPublicKeyInfo). Undefined when the text is neither.
 */
export function signingKeyOf(pem: string): KeyObject | undefined {
  try {
    if (pem.includes('-----BEGIN CERTIFICATE-----')) return new X509Certificate(pem).publicKey;
    return createPublicKey(pem);
  } catch {
    return undefined;
  }
}

/** True when two keys are the same public key. */
export function sameKey(a: KeyObject, b: KeyObject): boolean {
  return a.export({ type: 'spki', format: 'der' }).equals(b.export({ type: 'spki', format: 'der' }));
}
