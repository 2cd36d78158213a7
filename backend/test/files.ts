import http from 'node:http';
import { AssertionError } from 'node:assert';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import sharp from 'sharp';
import type { Staff } from './factories.js';
import { contractFor } from './openapi-contract.js';

/** Small real files of every accepted type, made here rather than committed. */
export interface SampleFile {
  bytes: Buffer;
  name: string;
  mimeType: string;
}
export type SampleKind = 'jpeg' | 'png' | 'webp' | 'heic' | 'pdf' | 'dicom' | 'text';

export async function sampleFiles(): Promise<Record<SampleKind, SampleFile>> {
  const image = sharp({ create: { width: 640, height: 480, channels: 3, background: { r: 40, g: 40, b: 40 } } });
  return {
    jpeg: { bytes: await image.clone().jpeg().toBuffer(), name: 'bitewing-left.jpg', mimeType: 'image/jpeg' },
    png: { bytes: await image.clone().png().toBuffer(), name: 'panoramic.png', mimeType: 'image/png' },
    webp: { bytes: await image.clone().webp().toBuffer(), name: 'smile.webp', mimeType: 'image/webp' },
    heic: { bytes: heicHeader(), name: 'IMG_0042.HEIC', mimeType: 'image/heic' },
    pdf: { bytes: minimalPdf(), name: 'consent.pdf', mimeType: 'application/pdf' },
    dicom: { bytes: dicomFile(), name: 'periapical.dcm', mimeType: 'application/dicom' },
    text: { bytes: Buffer.from('Referral note\nالمريض يشكو من ألم في الضرس\n'), name: 'referral.txt', mimeType: 'text/plain' },
  };
}

/** An ISO-BMFF header with the HEIC brand (what phones write); enough for type detection. */
export function heicHeader(): Buffer {
  const ftyp = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypheic'), Buffer.from([0, 0, 0, 0]), Buffer.from('mif1heic')]);
  return Buffer.concat([ftyp, Buffer.alloc(200, 1)]);
}

/** A one-page PDF that viewers open. */
export function minimalPdf(): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    '<< /Length 44 >>\nstream\nBT /F1 18 Tf 40 100 Td (Consent form) Tj ET\nendstream',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let pdf = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(pdf.length);
    pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, 'latin1');
}

/** A DICOM Part 10 file: 128-byte preamble, "DICM", then a few elements. */
export function dicomFile(): Buffer {
  return Buffer.concat([
    Buffer.alloc(128),
    Buffer.from('DICM'),
    Buffer.from([2, 0, 0, 0, 0x55, 0x4c, 4, 0, 0xc8, 0, 0, 0]),
    Buffer.alloc(512, 7),
  ]);
}

export interface UploadInput {
  entityType: string;
  entityId: string;
  bytes: Buffer;
  fileName: string;
  /** What the client claims; the API ignores it. */
  declaredType?: string;
  category?: string;
  note?: string;
  /** Put the file before the text fields (which the API then never reads). */
  fileFirst?: boolean;
}

/** POST /api/files as a browser would send the form (fields, then the file). */
export async function uploadFile(
  baseUrl: string,
  by: Staff,
  input: UploadInput,
): Promise<{ status: number; body: any; contentType: string }> {
  const form = new FormData();
  const file = new Blob([new Uint8Array(input.bytes)], { type: input.declaredType ?? 'application/octet-stream' });
  if (input.fileFirst) form.append('file', file, input.fileName);
  form.append('entityType', input.entityType);
  form.append('entityId', input.entityId);
  if (input.category !== undefined) form.append('category', input.category);
  if (input.note !== undefined) form.append('note', input.note);
  if (!input.fileFirst) form.append('file', file, input.fileName);
  const response = await fetch(`${baseUrl}/api/files`, { method: 'POST', headers: { authorization: `Bearer ${by.token}` }, body: form });
  const text = await response.text();
  const contentType = response.headers.get('content-type') ?? '';
  const body = text && contentType.includes('json') ? JSON.parse(text) : text;
  assertConforms(baseUrl, 'POST', '/api/files', response.status, contentType, body, text);
  return { status: response.status, contentType, body };
}

/**
 * Holds a response the test client did not make itself (a multipart upload, bytes) to the OpenAPI
 * document, as the test client does every other: status, content type and, for JSON, the body.
 */
export function assertConforms(
  baseUrl: string,
  method: string,
  path: string,
  status: number,
  contentType: string,
  body: unknown,
  raw: string,
) {
  const breach = conformanceError(baseUrl, method, path, status, contentType, body, raw);
  if (breach) throw breach;
}

function conformanceError(
  ...[baseUrl, method, path, status, contentType, body, raw]: Parameters<typeof assertConforms>
): Error | undefined {
  const breaches = contractFor(baseUrl).check(method, `${baseUrl}${path}`, status, contentType, body, raw);
  if (breaches.length === 0) return undefined;
  return new AssertionError({ message: `The response breaks the OpenAPI document:\n  ${breaches.join('\n  ')}` });
}

export interface StreamedUpload {
  status: number;
  body: any;
  /** SHA-256 of what was sent. */
  sha256: string;
}

/**
 * Uploads `size` generated bytes (a PNG signature, then filler) without ever holding them: the body is
 * produced chunk by chunk as the socket takes it, so only the API's memory grows if anything does.
 */
export function streamUpload(
  baseUrl: string,
  by: Staff,
  fields: Record<string, string>,
  size: number,
  fileName = 'scan.png',
): Promise<StreamedUpload> {
  const boundary = `----dental${Date.now()}`;
  const hash = createHash('sha256');
  const chunk = Buffer.alloc(256 * 1024, 0x5a);
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
  let sent = 0;
  const preamble = Object.entries(fields)
    .map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`)
    .join('');
  const body = new Readable({
    read() {
      if (sent === 0) {
        this.push(
          `${preamble}--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: image/png\r\n\r\n`,
        );
        hash.update(signature);
        this.push(signature);
        sent = signature.length;
        return;
      }
      if (sent < size) {
        const part = chunk.subarray(0, Math.min(chunk.length, size - sent));
        hash.update(part);
        sent += part.length;
        this.push(part);
        return;
      }
      this.push(`\r\n--${boundary}--\r\n`);
      this.push(null);
    },
  });
  return new Promise((resolve, reject) => {
    const request = http.request(`${baseUrl}/api/files`, {
      method: 'POST',
      agent: false,
      headers: { authorization: `Bearer ${by.token}`, 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
    request.on('response', (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (c: Buffer) => chunks.push(c));
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString();
        const contentType = response.headers['content-type'] ?? '';
        const parsed: unknown = text && contentType.includes('json') ? JSON.parse(text) : text;
        const breach = conformanceError(baseUrl, 'POST', '/api/files', response.statusCode ?? 0, contentType, parsed, text);
        if (breach) return reject(breach);
        resolve({ status: response.statusCode ?? 0, body: parsed, sha256: hash.digest('hex') });
      });
    });
    request.on('error', reject);
    body.pipe(request);
  });
}

/** GET with the staff member's token; the body as bytes (and, for a problem, as JSON), checked against the document. */
export async function getBytes(baseUrl: string, by: Staff, path: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${baseUrl}${path}`, { headers: { authorization: `Bearer ${by.token}`, ...headers }, redirect: 'manual' });
  const bytes = Buffer.from(await response.arrayBuffer());
  const contentType = response.headers.get('content-type') ?? '';
  const json: unknown = bytes.length > 0 && contentType.includes('json') ? JSON.parse(bytes.toString()) : undefined;
  assertConforms(baseUrl, 'GET', path, response.status, contentType, json, bytes.toString('latin1'));
  return { status: response.status, headers: response.headers, bytes, json };
}
