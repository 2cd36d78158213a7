import { create as contentDisposition } from 'content-disposition';
import type { DetectedType } from './file-types.js';

/** Shown in the browser (images and PDF; only raster images are ever accepted); anything else downloads. */
export function isInline(mimeType: string): boolean {
  return mimeType === 'application/pdf' || mimeType.startsWith('image/');
}

/**
 * Content-Disposition per RFC 6266: an ASCII fallback in `filename` and the real name (Arabic too) in
 * `filename*` as UTF-8. Inline only for images a browser shows and PDF; everything else downloads.
 */
export function dispositionFor(mimeType: string, fileName: string, download = false): string {
  return contentDisposition(fileName, {
    type: !download && isInline(mimeType) ? 'inline' : 'attachment',
    fallback: asciiFallback(fileName),
  });
}

/** For the rare client that ignores `filename*`: the name's ASCII part, or "file" with the extension. */
function asciiFallback(fileName: string): string {
  const ascii = fileName
    .replace(/[^\x20-\x7e]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  const extension = /\.[A-Za-z0-9]{1,8}$/.exec(fileName)?.[0] ?? '';
  return /[A-Za-z0-9]/.test(ascii.slice(0, ascii.length - extension.length)) ? ascii : `file${extension}`;
}

/**
 * Every API answer may not be framed (X-Frame-Options: DENY, common/security-headers.ts), but the web app
 * shows a PDF in an iframe of its own origin: a file served inline may be framed by the same origin only
 * (both the old header and CSP's frame-ancestors), an attachment by nobody.
 */
export function framingHeaders(disposition: string): Record<string, string> {
  return disposition.startsWith('inline')
    ? { 'X-Frame-Options': 'SAMEORIGIN', 'Content-Security-Policy': "frame-ancestors 'self'" }
    : { 'X-Frame-Options': 'DENY', 'Content-Security-Policy': "frame-ancestors 'none'" };
}

/** The Content-Type a stored file is served with. */
export function contentTypeFor(mimeType: string): string {
  return mimeType === 'text/plain' ? 'text/plain; charset=utf-8' : mimeType;
}

/** The default category for a file nobody categorised: radiographs, photos, documents. */
export function defaultCategory(type: DetectedType): 'xray' | 'photo' | 'document' {
  if (type.kind === 'dicom') return 'xray';
  if (type.kind === 'image') return 'photo';
  return 'document';
}
