import { and, eq } from 'drizzle-orm';
import type { Tx } from '../db/database.js';
import { invoices } from '../db/schema/index.js';

/**
 * The patient of an invoice of the clinic, or undefined when the clinic has no such invoice.
 * Files reads the invoices table here only because the billing module is not on main yet: at merge this
 * moves to the billing repository (InvoicesService.findPatientOf), per "a feature reads another's
 * tables only through that feature's service or repository".
 */
export async function findInvoicePatient(tx: Tx, clinicId: string, invoiceId: string): Promise<{ patientId: string } | undefined> {
  const [row] = await tx
    .select({ patientId: invoices.patientId })
    .from(invoices)
    .where(and(eq(invoices.clinicId, clinicId), eq(invoices.id, invoiceId)));
  return row;
}
