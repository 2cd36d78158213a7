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

/** The clinic's price list for the ledger (net, SAR), added next to what the clinic already offers. */
const LEDGER_SERVICES: [string, number][] = [
  ['Scaling', 250],
  ['Filling', 400],
  ['Root canal', 1200],
  ['Extraction', 350],
  ['Crown', 1800],
  ['Whitening', 900],
  ['X-ray', 80],
];

/**
 * A clinic's money over its past: `invoiceCount` issued invoices, the first ones for its completed
 * appointments (issued as the visit ends, so revenue by dentist has data) and the rest walk-ins spread
 * over the last 400 days; each with 1-3 lines (one in ten without a service), and what happened to them
 * afterwards, kept only when it happened before now: most paid at once, some in two payments or days later,
 * some partly or never, some credited (a line taken back) and some of those refunded. The invoices' stored
 * amounts and statuses are what those events leave (balance = total - credited - paid). Set-based SQL as
 * the superuser, in one transaction; the trigger that freezes issued invoices' lines is off while loading.
 */
export async function seedInvoiceLedger(adminUrl: string, clinicId: string, invoiceCount: number): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query('begin');
    await client.query(
      `insert into services (clinic_id, id, name, price, duration_minutes)
       select $1, gen_random_uuid()::text, name, price, 30 from unnest($2::text[], $3::numeric[]) s(name, price)`,
      [clinicId, LEDGER_SERVICES.map((s) => s[0]), LEDGER_SERVICES.map((s) => s[1])],
    );
    // The invoices: for completed appointments first, then walk-ins evenly over the last 400 days.
    await client.query(
      `create temp table ledger_invoices on commit drop as
       with visits as (
         select a.id, a.patient_id, a.end_at, row_number() over (order by a.start_at, a.id) as g
         from appointments a where a.clinic_id = $1 and a.status = 'completed' and a.end_at < now()
       ), linked as (select g, id as appointment_id, patient_id, end_at as issued_at from visits where g <= $2::int),
       n as (select count(*)::int as c from linked),
       p as (select array_agg(id order by id) as ids, count(*)::int as n from patients where clinic_id = $1),
       walk_ins as (
         select g, null::text as appointment_id, p.ids[1 + (g * 7919) % p.n] as patient_id,
                now() - interval '400 days' + (g - n.c) * (interval '400 days' / greatest(1, $2::int - n.c + 1)) as issued_at
         from n, p, generate_series(n.c + 1, $2::int) g
       )
       select g, gen_random_uuid()::text as id, appointment_id, patient_id, issued_at, 1 + (g * 7) % 3 as lines
       from (select * from linked union all select * from walk_ins) i`,
      [clinicId, invoiceCount],
    );
    await client.query(
      `create temp table ledger_lines on commit drop as
       with s as (select array_agg(id order by name) as ids, array_agg(price order by name) as prices,
                         array_agg(name order by name) as names, count(*)::int as n from services where clinic_id = $1)
       select i.g, i.id as invoice_id, j as position, gen_random_uuid()::text as id,
              case when (i.g + j) % 10 = 0 then null else s.ids[1 + (i.g * 3 + j * 5) % s.n] end as service_id,
              case when (i.g + j) % 10 = 0 then 'Materials' else s.names[1 + (i.g * 3 + j * 5) % s.n] end as description,
              case when (i.g + j) % 10 = 0 then 120::numeric else s.prices[1 + (i.g * 3 + j * 5) % s.n] end as net,
              j = i.lines and i.lines > 1 as last
       from ledger_invoices i, s, generate_series(1, i.lines) j`,
      [clinicId],
    );
    // What happens to each invoice (k = g % 100), with its time; events after now() have not happened.
    await client.query(
      `create temp table ledger_plan on commit drop as
       with t as (
         select i.g, i.id, i.issued_at, i.g % 100 as k, i.lines, sum(l.net) as net, sum(round(l.net * 0.15, 2)) as vat,
                sum(l.net + round(l.net * 0.15, 2)) filter (where l.last) as last_total
         from ledger_invoices i join ledger_lines l on l.g = i.g group by i.g, i.id, i.issued_at, i.lines
       ), plan as (
         select t.*, net + vat as total,
           case when k between 8 and 11 and lines > 1 then last_total end as cn_total,
           case when k between 8 and 9 then issued_at + interval '2 days' when k between 10 and 11 then issued_at + interval '3 days' end as cn_at,
           case when k < 3 then null
                when k between 3 and 7 then round((net + vat) * 0.4, 2)
                when k between 8 and 9 and lines > 1 then net + vat - last_total
                when k between 12 and 29 then round((net + vat) / 2, 2)
                else net + vat end as p1_amount,
           case when k between 8 and 9 and lines > 1 then issued_at + interval '20 days'
                when k between 30 and 49 then issued_at + (k - 25) * interval '1 day'
                else issued_at + interval '30 minutes' end as p1_at,
           case when k between 12 and 29 then net + vat - round((net + vat) / 2, 2) end as p2_amount,
           case when k between 12 and 29 then issued_at + (k - 10) * interval '1 day' end as p2_at
         from t
       )
       select plan.*, cn_total is not null and cn_at < now() as credited,
              p1_amount is not null and p1_at < now() as paid1, p2_amount is not null and p2_at < now() as paid2,
              k between 10 and 11 and cn_total is not null and cn_at < now() and p1_at < now() as refunded,
              gen_random_uuid()::text as p1_id, gen_random_uuid()::text as p2_id, gen_random_uuid()::text as cn_id
       from plan`,
    );
    await client.query(
      `insert into invoices (clinic_id, id, number, sequence, patient_id, appointment_id, status, currency, subtotal_amount, vat_amount,
                             total_amount, amount_paid, credited_amount, balance_due, issued_at, due_at, seller_snapshot, buyer_snapshot,
                             created_at, updated_at)
       select $1, i.id, 'INV-' || lpad(seq::text, 6, '0'), seq, i.patient_id, i.appointment_id,
              (case when credited_amount = total then 'VOID' when total - credited_amount - paid <= 0 then 'PAID'
                    when paid > 0 then 'PARTIALLY_PAID' else 'SENT' end)::invoice_status,
              'SAR', p.net, p.vat, total, paid, credited_amount, total - credited_amount - paid,
              i.issued_at, i.issued_at + interval '14 days', '{}'::jsonb, '{}'::jsonb, i.issued_at, i.issued_at
       from (select *, row_number() over (order by issued_at, g) as seq from ledger_invoices) i join ledger_plan p on p.g = i.g,
       lateral (select case when p.credited then p.cn_total else 0 end as credited_amount,
                       case when p.paid1 then p.p1_amount else 0 end + case when p.paid2 then p.p2_amount else 0 end
                         - case when p.refunded then p.cn_total else 0 end as paid) x`,
      [clinicId],
    );
    await client.query('alter table invoice_items disable trigger invoice_items_freeze_issued');
    await client.query(
      `insert into invoice_items (clinic_id, id, invoice_id, position, service_id, description, quantity, unit_price, vat_category,
                                  vat_rate, net_amount, vat_amount, total, credited_net, credited_vat)
       select $1, l.id, l.invoice_id, l.position, l.service_id, l.description, 1, l.net, 'S', 15, l.net, round(l.net * 0.15, 2),
              l.net + round(l.net * 0.15, 2),
              case when l.last and p.credited then l.net else 0 end, case when l.last and p.credited then round(l.net * 0.15, 2) else 0 end
       from ledger_lines l join ledger_plan p on p.g = l.g`,
      [clinicId],
    );
    await client.query('alter table invoice_items enable trigger invoice_items_freeze_issued');
    await client.query(
      `insert into payments (clinic_id, id, invoice_id, amount, currency, status, method, processed_at, created_at, refunded_amount)
       select $1, p1_id, id, p1_amount, 'SAR', 'SUCCEEDED'::payment_status, (array['cash', 'card', 'card', 'bank_transfer', 'insurance'])[1 + g % 5],
              p1_at, p1_at, case when refunded then cn_total else 0 end
       from ledger_plan where paid1
       union all
       select $1, p2_id, id, p2_amount, 'SAR', 'SUCCEEDED', 'card', p2_at, p2_at, 0 from ledger_plan where paid2`,
      [clinicId],
    );
    await client.query(
      `insert into credit_notes (clinic_id, id, invoice_id, number, sequence, reason, currency, subtotal_amount, vat_amount, total_amount,
                                 issued_at, created_at)
       select $1, p.cn_id, p.id, 'CN-' || lpad(seq::text, 6, '0'), seq, 'Treatment not done', 'SAR', l.net, round(l.net * 0.15, 2),
              p.cn_total, p.cn_at, p.cn_at
       from (select *, row_number() over (order by cn_at, g) as seq from ledger_plan where credited) p
       join ledger_lines l on l.g = p.g and l.last`,
      [clinicId],
    );
    await client.query(
      `insert into credit_note_items (clinic_id, id, credit_note_id, invoice_item_id, position, description, quantity, unit_price,
                                      vat_category, vat_rate, net_amount, vat_amount, total)
       select $1, gen_random_uuid()::text, p.cn_id, l.id, 1, l.description, 1, l.net, 'S', 15, l.net, round(l.net * 0.15, 2), p.cn_total
       from ledger_plan p join ledger_lines l on l.g = p.g and l.last where p.credited`,
      [clinicId],
    );
    await client.query(
      `insert into payment_refunds (clinic_id, id, payment_id, invoice_id, amount, reason, refunded_at, created_at)
       select $1, gen_random_uuid()::text, p1_id, id, cn_total, 'Credited line', cn_at, cn_at from ledger_plan where refunded`,
      [clinicId],
    );
    await client.query(
      `insert into document_counters (clinic_id, series, last_value)
       values ($1, 'invoice', $2), ($1, 'credit_note', (select count(*) from credit_notes where clinic_id = $1))
       on conflict (clinic_id, series) do update set last_value = excluded.last_value`,
      [clinicId, invoiceCount],
    );
    await client.query('commit');
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}
