/**
 * ZATCA's QR code payload (E-Invoice Security Features Implementation Standards v1.1, section 4.1):
 * each field as tag (one byte), length (one byte: the UTF-8 byte count) and the UTF-8 value,
 * concatenated, then Base64. Phase 1 ("generation") carries tags 1-5: seller name, VAT number, issue
 * time, total with VAT, VAT total.
 */
export interface Phase1QrFields {
  sellerName: string;
  vatNumber: string;
  /** ISO 8601 to the second, "2022-04-25T15:30:00Z" (formatQrTimestamp). */
  timestamp: string;
  totalWithVat: string;
  vatTotal: string;
}

export interface TlvField {
  tag: number;
  value: string;
}

/** One byte of length: a longer value cannot be encoded (readers even disagree from 128 bytes up). */
export function encodeTlv(fields: readonly TlvField[]): Buffer {
  const parts: Buffer[] = [];
  for (const { tag, value } of fields) {
    const bytes = Buffer.from(value, 'utf8');
    if (bytes.length > 255) throw new RangeError(`ZATCA QR tag ${tag} is ${bytes.length} bytes; its length must fit one byte`);
    parts.push(Buffer.from([tag, bytes.length]), bytes);
  }
  return Buffer.concat(parts);
}

export function phase1Qr(fields: Phase1QrFields): string {
  return encodeTlv([
    { tag: 1, value: fields.sellerName },
    { tag: 2, value: fields.vatNumber },
    { tag: 3, value: fields.timestamp },
    { tag: 4, value: fields.totalWithVat },
    { tag: 5, value: fields.vatTotal },
  ]).toString('base64');
}

/** The fields of a Base64 TLV payload; throws if it is truncated. */
export function decodeTlv(base64: string): TlvField[] {
  const bytes = Buffer.from(base64, 'base64');
  const fields: TlvField[] = [];
  for (let at = 0; at < bytes.length;) {
    const tag = bytes[at]!;
    const length = bytes[at + 1];
    if (length === undefined || at + 2 + length > bytes.length) throw new Error(`truncated ZATCA QR field at byte ${at}`);
    fields.push({ tag, value: bytes.subarray(at + 2, at + 2 + length).toString('utf8') });
    at += 2 + length;
  }
  return fields;
}

/** Tag 3: seconds precision in UTC ("2022-04-25T15:30:00Z"), as ZATCA's examples; no milliseconds. */
export const formatQrTimestamp = (instant: Date): string => instant.toISOString().replace(/\.\d{3}Z$/, 'Z');
