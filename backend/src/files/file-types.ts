import { fileTypeFromBuffer } from 'file-type';

/**
 * What the platform accepts, decided from the bytes alone (never the name or the client's header):
 * photos and radiographs as JPEG, PNG, WebP or HEIC/HEIF, documents as PDF, radiographs as DICOM, and
 * plain UTF-8 text. Pure: no framework, no I/O.
 */
export type FileKind = 'image' | 'pdf' | 'dicom' | 'text';

export interface DetectedType {
  mimeType: string;
  kind: FileKind;
  /** sharp (as installed) can make a thumbnail of it. */
  thumbnail: boolean;
}

/** Enough for every signature above (file-type's own sample size; DICOM's magic sits at 128). */
export const SNIFF_BYTES = 4100;

const ACCEPTED: Record<string, DetectedType> = {
  'image/jpeg': { mimeType: 'image/jpeg', kind: 'image', thumbnail: true },
  'image/png': { mimeType: 'image/png', kind: 'image', thumbnail: true },
  'image/webp': { mimeType: 'image/webp', kind: 'image', thumbnail: true },
  // sharp's prebuilt libvips reads HEIF only with AV1 inside (AVIF), not the HEVC of phone photos.
  'image/heic': { mimeType: 'image/heic', kind: 'image', thumbnail: false },
  'image/heif': { mimeType: 'image/heif', kind: 'image', thumbnail: false },
  'application/pdf': { mimeType: 'application/pdf', kind: 'pdf', thumbnail: false },
  'application/dicom': { mimeType: 'application/dicom', kind: 'dicom', thumbnail: false },
};

export const PLAIN_TEXT: DetectedType = { mimeType: 'text/plain', kind: 'text', thumbnail: false };

/** Whether a stored type has a thumbnail. */
export const hasThumbnail = (mimeType: string): boolean => ACCEPTED[mimeType]?.thumbnail ?? false;

/** The accepted types, for messages and documentation. */
export const ACCEPTED_TYPES = [...Object.keys(ACCEPTED), PLAIN_TEXT.mimeType];

/**
 * The type of a file from its first bytes (`head`, up to SNIFF_BYTES; `complete` when that is the
 * whole file), or undefined when it is not one the platform accepts.
 */
export async function detectFileType(head: Uint8Array, complete: boolean): Promise<DetectedType | undefined> {
  if (head.length === 0) return undefined;
  const binary = await fileTypeFromBuffer(head);
  if (binary) return ACCEPTED[binary.mime];
  return isPlainText(head, complete) ? PLAIN_TEXT : undefined;
}

/** Control characters plain text has no use for: all but tab, LF, FF and CR. */
export const CONTROL_CHARACTER = /(?![\t\n\f\r])\p{Cc}/u;
/** Markup a browser would render or run if it ever took the file for HTML, XML or SVG. */
const MARKUP = /<\s*(!doctype|html|head|body|script|iframe|frame|object|embed|svg|img|style|meta|link|a\s|div|table|form|\?xml|!--)/i;

/**
 * UTF-8 (a sequence cut at the end of an incomplete sample is fine), no control characters, and no
 * markup: an HTML page named x.png or notes.txt is refused rather than stored as "text".
 */
export function isPlainText(head: Uint8Array, complete: boolean): boolean {
  const bytes = complete ? head : withoutCutSequence(head);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return false;
  }
  const body = text.replace(/^\uFEFF/, '');
  return !CONTROL_CHARACTER.test(body) && !body.trimStart().startsWith('<') && !MARKUP.test(body);
}

/** Drops a UTF-8 sequence that the sample cut short at its end (at most 3 bytes). */
function withoutCutSequence(bytes: Uint8Array): Uint8Array {
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const byte = bytes[bytes.length - back]!;
    if ((byte & 0xc0) === 0x80) continue; // a continuation byte: look further back
    if ((byte & 0x80) === 0) return bytes; // ASCII: nothing cut
    const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2;
    return length > back ? bytes.subarray(0, bytes.length - back) : bytes;
  }
  return bytes;
}
