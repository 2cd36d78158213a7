import type { Clock } from '../../common/clock.js';
import type { Tx } from '../../db/database.js';
import type { DocumentsRepository } from '../documents.repository.js';
import { documentNumber } from '../billing-views.js';
import { sellerName } from '../documents.js';
import { formatQrTimestamp, phase1Qr } from './qr.js';
import { buildUblDocument, type UblDocumentInput } from './ubl.js';

/** What a document brings to the chain; the chain gives it its number, issue time, counter value, QR and place. */
export type ChainedDocumentInput = Omit<UblDocumentInput, 'number' | 'icv' | 'previousHash' | 'qr' | 'issuedAt'> & {
  clinicId: string;
  /** Read once the clinic's numbering lock is held, so issue times follow number order. */
  clock: Clock;
};

export interface ChainedDocument {
  number: string;
  sequence: number;
  /** The document's place in the chain (ZATCA's invoice counter value). */
  icv: number;
  /** The issue time (whole seconds, as the QR and XML print it), taken after the number was claimed. */
  issuedAt: Date;
}

/**
 * Issues an invoice or credit note into the clinic's ZATCA chain: the next number of its series, the
 * phase-1 QR, the UBL XML hashed and chained to the clinic's previous document, stored as the chain's
 * new head. From the claim on, the clinic's chain and counter stay locked until the transaction commits,
 * so every other issuer of the clinic waits: callers keep the rest of their transaction short. The issue
 * time is read from the clock only then: an issuer that waited for the lock cannot carry an earlier time
 * than the document numbered before it.
 */
export async function chainDocument(tx: Tx, documents: DocumentsRepository, input: ChainedDocumentInput): Promise<ChainedDocument> {
  const { clinicId, clock, ...rest } = input;
  const { sequence, lastIcv, lastHash } = await documents.claimNext(tx, clinicId, rest.kind);
  const document = { ...rest, issuedAt: new Date(Math.floor(clock.nowMs() / 1000) * 1000) };
  const number = documentNumber(document.kind, sequence);
  const qr = phase1Qr({
    sellerName: sellerName(document.seller),
    vatNumber: document.seller.vatNumber,
    timestamp: formatQrTimestamp(document.issuedAt),
    totalWithVat: document.totals.total,
    vatTotal: document.totals.vatTotal,
  });
  const icv = lastIcv + 1;
  const ubl = buildUblDocument({ ...document, number, icv, previousHash: lastHash, qr });
  await documents.appendToChain(tx, {
    clinicId,
    id: document.uuid,
    kind: document.kind,
    icv,
    previousHash: lastHash,
    invoiceHash: ubl.hash,
    qr,
    xml: ubl.xml,
    issuedAt: document.issuedAt,
  });
  return { number, sequence, icv, issuedAt: document.issuedAt };
}
