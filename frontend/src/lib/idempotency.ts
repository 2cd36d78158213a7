/**
 * A random Idempotency-Key for a payment, refund or credit note; getRandomValues works where randomUUID
 * does not (plain-HTTP clinic networks). Dialogs make one per opening, so a double click or a retry after
 * a lost response sends the same key and the API records the money once.
 */
export function newIdempotencyKey(prefix: 'pay' | 'refund' | 'credit'): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `${prefix}-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}
