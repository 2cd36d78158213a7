/** Control characters and the bidi embedding, override and isolate controls (a name that displays as another). */
const UNSAFE = /[\p{Cc}\u202A-\u202E\u2066-\u2069]/gu;
const MAX_LENGTH = 255;

/**
 * The name a file is listed and downloaded under: the last segment of what the browser sent (no
 * folders), NFC, without control or text-direction override characters, at most 255 characters.
 * It is metadata only: storage keys never derive from it.
 */
export function cleanFileName(sent: string | undefined): string {
  const base = (sent ?? '').split(/[/\\]/).pop() ?? '';
  const clean = [...base.normalize('NFC').replace(UNSAFE, '').trim()].slice(0, MAX_LENGTH).join('').trim();
  return clean === '' || clean === '.' || clean === '..' ? 'file' : clean;
}
