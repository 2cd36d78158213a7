import { createHash, randomBytes } from 'node:crypto';

/** A random bearer secret (refresh token, invite token, CSRF token): 256 bits, URL-safe. */
export const newSecretToken = (): string => randomBytes(32).toString('base64url');

/** Secrets are stored only as SHA-256: they are random, so a fast hash is enough and allows lookup. */
export const hashSecretToken = (token: string): string => createHash('sha256').update(token).digest('base64url');
