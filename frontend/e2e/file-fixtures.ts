import { randomBytes } from 'node:crypto';
import { deflateSync } from 'node:zlib';

/** Small real files for the browser tests, made here: a grey radiograph-like PNG and a one-page PDF. */

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A 480x320 greyscale "panoramic": dark background, lighter arches of teeth. */
export function radiographPng(): Buffer {
  const [width, height] = [480, 320];
  const rows: Buffer[] = [];
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(width + 1);
    for (let x = 0; x < width; x++) {
      const arch = Math.abs(y - (110 + ((x - 240) / 240) ** 2 * 70)) < 28 || Math.abs(y - (210 - ((x - 240) / 240) ** 2 * 70)) < 28;
      const tooth = arch && Math.floor(x / 30) % 2 === 0;
      row[x + 1] = tooth ? 220 - (y % 30) : arch ? 120 : 25 + ((x * y) % 17);
    }
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 0; // greyscale
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A one-page PDF that says "Consent form". */
export function consentPdf(): Buffer {
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

/**
 * A PDF of a little over `size` bytes: the consent form's page plus an unreferenced stream of random
 * bytes (a scan as big as a real one, without drawing a picture that big).
 */
export function largePdf(size: number): Buffer {
  const page = consentPdf().toString('latin1');
  const body = page.slice(0, page.indexOf('xref\n'));
  const offsets = [...body.matchAll(/^\d+ 0 obj$/gm)].map((match) => match.index);
  const filler = randomBytes(size);
  const parts = [
    Buffer.from(body, 'latin1'),
    Buffer.from(`6 0 obj\n<< /Length ${filler.length} >>\nstream\n`, 'latin1'),
    filler,
    Buffer.from('\nendstream\nendobj\n', 'latin1'),
  ];
  offsets.push(body.length);
  const xref = parts.reduce((total, part) => total + part.length, 0);
  const entries = offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('');
  parts.push(
    Buffer.from(`xref\n0 7\n0000000000 65535 f \n${entries}trailer\n<< /Size 7 /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`, 'latin1'),
  );
  return Buffer.concat(parts);
}
