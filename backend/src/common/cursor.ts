import { BadRequestError } from './errors.js';

/** Opaque keyset cursors: the last row's sort key, base64url-encoded. */
export const encodeCursor = (key: string): string => Buffer.from(key, 'utf8').toString('base64url');

export function decodeCursor(cursor: string): string {
  const key = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!key || encodeCursor(key) !== cursor) throw new BadRequestError('invalid-cursor', 'The cursor is not valid.');
  return key;
}
