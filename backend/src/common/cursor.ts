import { BadRequestError } from './errors.js';

/** Opaque keyset cursors: the last row's sort key (one or more parts), base64url-encoded JSON. */
export const encodeCursor = (...key: string[]): string => Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');

export function decodeCursor(cursor: string, parts = 1): string[] {
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (isKey(key, parts)) return key;
  } catch {
    // fall through
  }
  throw new BadRequestError('invalid-cursor', 'The cursor is not valid.');
}

/** A cursor key: `parts` strings, none with a NUL (which PostgreSQL cannot compare against text). */
const isKey = (key: unknown, parts: number): key is string[] =>
  Array.isArray(key) && key.length === parts && key.every((p) => typeof p === 'string' && !p.includes('\u0000'));
