import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A URL-safe random token with a readable prefix, e.g. `sk_3q…` (stream key) or `tw_…` (API key). */
export function randomToken(prefix: string, bytes = 24): string {
  return `${prefix}${randomBytes(bytes).toString('base64url')}`;
}

export function sha256(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/** Compares two digests without leaking where they differ. */
export function digestsEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Hides a secret for logs and API responses, keeping enough to tell secrets apart. */
export function maskSecret(secret: string): string {
  if (secret.length <= 8) return '****';
  return `${secret.slice(0, 4)}****${secret.slice(-2)}`;
}
