import { createHash } from 'node:crypto';
import { DOMParser } from '@xmldom/xmldom';
import { C14nCanonicalization } from 'xml-crypto';

/**
 * The invoice hash of ZATCA's e-invoices (XML Implementation Standard BR-KSA-26): the document without
 * ext:UBLExtensions, cac:Signature and the QR reference, canonicalised (C14N, inclusive; for a whole UBL
 * document without xml:* attributes C14N 1.1 gives the same bytes), SHA-256, Base64. Each document
 * carries the previous one's hash (PIH), chaining a clinic's invoices and credit notes.
 */
export const NS = {
  invoice: 'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2',
  cac: 'urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2',
  cbc: 'urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2',
  ext: 'urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2',
} as const;

/**
 * The PIH of a chain's first document (ZATCA SDK Data/PIH/pih.txt): Base64 of the hexadecimal *text* of
 * SHA-256("0"), not of the digest. Later PIHs are ordinary invoice hashes (Base64 of 32 bytes).
 */
export const FIRST_PREVIOUS_HASH = 'NWZlY2ViNjZmZmM4NmYzOGQ5NTI3ODZjNmQ2OTZjNzljMmRiYzIzOWRkNGU5MWI0NjcyOWQ3M2EyN2ZiNTdlOQ==';

const childElements = (node: Node): Element[] => {
  const children: Element[] = [];
  for (let child = node.firstChild; child; child = child.nextSibling) if (child.nodeType === 1) children.push(child as Element);
  return children;
};
const isElement = (node: Element, ns: string, local: string) => node.namespaceURI === ns && node.localName === local;

/** Removes the three parts the hash leaves out; the whitespace around them stays (and is hashed). */
function stripForHash(document: Document): void {
  const doomed: Element[] = [];
  const walk = (node: Node) => {
    for (const child of childElements(node)) {
      const isQrReference =
        isElement(child, NS.cac, 'AdditionalDocumentReference') &&
        childElements(child).some((c) => isElement(c, NS.cbc, 'ID') && c.textContent === 'QR');
      if (isElement(child, NS.ext, 'UBLExtensions') || isElement(child, NS.cac, 'Signature') || isQrReference) doomed.push(child);
      else walk(child);
    }
  };
  walk(document.documentElement);
  for (const node of doomed) node.parentNode!.removeChild(node);
}

/** The hash by the book: parse, remove, canonicalise. The oracle for hashOfCanonical. */
export function invoiceHash(xml: string): string {
  const errors: string[] = [];
  const errorHandler = (level: string, message: unknown) => void (level !== 'warning' && errors.push(String(message)));
  const document = new DOMParser({ errorHandler }).parseFromString(xml, 'text/xml');
  if (errors.length > 0 || !document.documentElement) throw new Error(`not well-formed XML: ${errors.join('; ')}`);
  stripForHash(document);
  const canonical = new C14nCanonicalization().process(document.documentElement, {});
  return hashOfCanonical(canonical);
}

/** The hash of text that already is the canonical, stripped document (what ubl.ts writes alongside the XML). */
export const hashOfCanonical = (canonical: string): string => createHash('sha256').update(canonical, 'utf8').digest('base64');
