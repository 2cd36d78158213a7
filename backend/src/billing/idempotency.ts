import { createHash } from 'node:crypto';
import { BusinessRuleError, pgErrorOf } from '../common/errors.js';

/**
 * The Idempotency-Key of payments, refunds and credit notes: each row keeps the client's key and a hash
 * of the request it answered (unique per clinic). The same key and request again returns that row and
 * writes nothing; the same key with another request is refused (422).
 */
export const hashRequest = (parts: unknown[]): string => createHash('sha256').update(JSON.stringify(parts)).digest('hex');

export const idempotencyKeyReused = (what: string): BusinessRuleError =>
  new BusinessRuleError('idempotency-key-reused', `This Idempotency-Key was used for a different ${what}; use a new key.`);

/**
 * Runs a keyed write; when the same key was used at the same moment on another invoice or payment (not
 * serialised by the same row lock), the unique index lets one in and this one is answered as a retry would be.
 */
export async function onceForKey<T>(uniqueIndex: string, attempt: () => Promise<T>): Promise<T> {
  try {
    return await attempt();
  } catch (error) {
    if (pgErrorOf(error)?.constraint !== uniqueIndex) throw error;
    return attempt();
  }
}
