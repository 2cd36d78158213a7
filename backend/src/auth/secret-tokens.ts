import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';

/** A random bearer secret (refresh token, invite token, CSRF token): 256 bits, URL-safe. */
export const newSecretToken = (): string => randomBytes(32).toString('base64url');

/** A 256-bit key for sealing tokens, derived from the application's secret for one purpose only. */
export const sealingKey = (secret: string, purpose: string): Buffer =>
  Buffer.from(hkdfSync('sha256', secret, 'dental-sealing', purpose, 32));

/** A token encrypted and authenticated (AES-256-GCM) for storage: iv, ciphertext and tag, base64url. */
export function sealToken(key: Buffer, token: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const sealed = Buffer.concat([cipher.update(token, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, sealed, cipher.getAuthTag()]).toString('base64url');
}

/** The sealed token, or undefined when it was sealed with another key (the secret was rotated) or altered. */
export function unsealToken(key: Buffer, sealed: string): string | undefined {
  try {
    const bytes = Buffer.from(sealed, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, 12));
    decipher.setAuthTag(bytes.subarray(bytes.length - 16));
    return Buffer.concat([decipher.update(bytes.subarray(12, bytes.length - 16)), decipher.final()]).toString('utf8');
  } catch {
    return undefined;
  }
}

/** Secrets are stored only as SHA-256: they are random, so a fast hash is enough and allows lookup. */
export const hashSecretToken = (token: string): string => createHash('sha256').update(token).digest('base64url');
