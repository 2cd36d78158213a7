import pg from 'pg';

/**
 * Bulk data for the billing benchmark, written with set-based SQL as the superuser: a clinic's patients
 * and 100k issued invoices over about two years (each with a line, most paid), plus drafts to issue.
 */
export async function seedBillingClinic(adminUrl: string, clinicId: string, invoiceCount: number, patientCount: number): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    // Search terms are not needed here; the per-row trigger is the slow part of a bulk patient insert.
    await client.query('alter table patients disable trigger patients_search_terms');
    await client.query(
      `insert into patients (clinic_id, id, first_name, last_name, nationality)
       select $1, gen_random_uuid()::text, 'Patient', g::text, case when g % 3 = 0 then 'SA' else 'EG' end from generate_series(1, $2::int) g`,
      [clinicId, patientCount],
    );
    await client.query('alter table patients enable trigger patients_search_terms');
    // Issued invoices, one every ~10 minutes back from now: old ones paid (1 % left overdue), the last 2 % mixed.
    await client.query(
      `with p as (select array_agg(id) as ids, count(*)::int as n from patients where clinic_id = $1),
       g as (
         select g, now() - (($2::int - g) * interval '10 minutes') as issued_at,
                case when g > $2::int * 0.98 then (array['SENT', 'PARTIALLY_PAID', 'PAID', 'PAID'])[1 + g % 4]
                     when g % 100 = 0 then 'SENT' else 'PAID' end as status
         from generate_series(1, $2::int) g
       )
       insert into invoices (clinic_id, id, number, sequence, patient_id, status, currency, subtotal_amount, vat_amount, total_amount,
                             amount_paid, credited_amount, balance_due, issued_at, due_at, seller_snapshot, buyer_snapshot, created_at, updated_at)
       select $1, gen_random_uuid()::text, 'INV-' || lpad(g::text, 6, '0'), g, p.ids[1 + (g * 7919) % p.n], status::invoice_status, 'SAR',
              250, 37.5, 287.5, paid, 0, 287.5 - paid, issued_at, issued_at + interval '14 days', '{}'::jsonb, '{}'::jsonb, issued_at, issued_at
       from g, p, lateral (select case status when 'PAID' then 287.5 when 'PARTIALLY_PAID' then 100 else 0 end as paid) x`,
      [clinicId, invoiceCount],
    );
    // Lines of issued invoices are frozen by a trigger; bulk loading adds them under it.
    await client.query('alter table invoice_items disable trigger invoice_items_freeze_issued');
    await client.query(
      `insert into invoice_items (clinic_id, id, invoice_id, position, description, quantity, unit_price, vat_category, vat_rate,
                                  net_amount, vat_amount, total)
       select clinic_id, gen_random_uuid()::text, id, 1, 'Scaling', 1, 250, 'S', 15, 250, 37.5, 287.5 from invoices where clinic_id = $1`,
      [clinicId],
    );
    await client.query('alter table invoice_items enable trigger invoice_items_freeze_issued');
    await client.query(
      `insert into payments (clinic_id, id, invoice_id, amount, currency, status, method, processed_at, created_at)
       select clinic_id, gen_random_uuid()::text, id, amount_paid, 'SAR', 'SUCCEEDED', 'card', issued_at + interval '1 hour', issued_at + interval '1 hour'
       from invoices where clinic_id = $1 and amount_paid > 0`,
      [clinicId],
    );
    await client.query("insert into document_counters (clinic_id, series, last_value) values ($1, 'invoice', $2)", [
      clinicId,
      invoiceCount,
    ]);
  } finally {
    await client.end();
  }
}

/** Drafts of one 250.00 line at 15 % (total 287.50) for a patient, to be issued and paid by the load. */
export async function seedDrafts(adminUrl: string, clinicId: string, count: number): Promise<string[]> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rows } = await client.query(
      `with p as (select array_agg(id) as ids, count(*)::int as n from patients where clinic_id = $1 and nationality = 'EG')
       insert into invoices (clinic_id, id, patient_id, status, currency, subtotal_amount, vat_amount, total_amount, balance_due)
       select $1, gen_random_uuid()::text, p.ids[1 + (g * 31) % p.n], 'DRAFT', 'SAR', 250, 37.5, 287.5, 287.5
       from generate_series(1, $2::int) g, p returning id`,
      [clinicId, count],
    );
    await client.query(
      `insert into invoice_items (clinic_id, id, invoice_id, position, description, quantity, unit_price, vat_category, vat_rate,
                                  net_amount, vat_amount, total)
       select $1, gen_random_uuid()::text, id, 1, 'Scaling', 1, 250, 'S', 15, 250, 37.5, 287.5 from unnest($2::text[]) id`,
      [clinicId, rows.map((r) => r.id)],
    );
    return rows.map((r) => r.id as string);
  } finally {
    await client.end();
  }
}
