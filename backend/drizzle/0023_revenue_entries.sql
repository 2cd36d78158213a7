CREATE TABLE "revenue_entries" (
	"clinic_id" text NOT NULL,
	"source_id" text NOT NULL,
	"line_id" text NOT NULL,
	"invoice_id" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"dentist_id" text,
	"service_id" text,
	"invoiced_micros" bigint DEFAULT 0 NOT NULL,
	"vat_micros" bigint DEFAULT 0 NOT NULL,
	"collected_micros" bigint DEFAULT 0 NOT NULL,
	"refunded_micros" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "revenue_entries_clinic_id_source_id_line_id_pk" PRIMARY KEY("clinic_id","source_id","line_id")
);
--> statement-breakpoint
ALTER TABLE "revenue_entries" ADD CONSTRAINT "revenue_entries_invoice_fk" FOREIGN KEY ("clinic_id","invoice_id") REFERENCES "public"."invoices"("clinic_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "revenue_entries_invoice_idx" ON "revenue_entries" USING btree ("clinic_id","invoice_id");--> statement-breakpoint
CREATE INDEX "revenue_entries_at_idx" ON "revenue_entries" USING btree ("clinic_id","at");--> statement-breakpoint
CREATE INDEX "invoices_appointment_idx" ON "invoices" USING btree ("clinic_id","appointment_id") WHERE "invoices"."appointment_id" is not null;--> statement-breakpoint

-- Written by hand (drizzle-kit cannot express it): the ledger is the database's own projection of the
-- billing tables. Tenant isolation as every table; the application role only reads it. The functions
-- below write it: SECURITY DEFINER, owned by dental_ledger, a NOLOGIN role (like dental_auth and
-- dental_jobs) that may read only the billing columns the ledger is computed from and write only the
-- ledger; nobody may call them (EXECUTE revoked), only the triggers fire them. They read every clinic's
-- rows (policies for dental_ledger), but only the invoices named by rows the caller just wrote, which
-- row-level security had already checked.
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'dental_ledger') THEN
    CREATE ROLE dental_ledger NOLOGIN;
  END IF;
END
$$;
--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO dental_ledger;
--> statement-breakpoint
GRANT SELECT (clinic_id, id, appointment_id, issued_at) ON invoices TO dental_ledger;
--> statement-breakpoint
GRANT SELECT (clinic_id, id, invoice_id, service_id, position, total, vat_amount) ON invoice_items TO dental_ledger;
--> statement-breakpoint
GRANT SELECT (clinic_id, id, invoice_id, issued_at) ON credit_notes TO dental_ledger;
--> statement-breakpoint
GRANT SELECT (clinic_id, id, credit_note_id, invoice_item_id, total, vat_amount) ON credit_note_items TO dental_ledger;
--> statement-breakpoint
GRANT SELECT (clinic_id, id, invoice_id, amount, status, processed_at) ON payments TO dental_ledger;
--> statement-breakpoint
GRANT SELECT (clinic_id, id, invoice_id, amount, refunded_at) ON payment_refunds TO dental_ledger;
--> statement-breakpoint
GRANT SELECT (clinic_id, id, dentist_id) ON appointments TO dental_ledger;
--> statement-breakpoint
GRANT SELECT, INSERT, DELETE ON revenue_entries TO dental_ledger;
--> statement-breakpoint
DO $$
DECLARE
  source_table text;
BEGIN
  FOREACH source_table IN ARRAY ARRAY['invoices', 'invoice_items', 'credit_notes', 'credit_note_items', 'payments', 'payment_refunds', 'appointments']
  LOOP
    EXECUTE format('CREATE POLICY ledger_refresh ON %I FOR SELECT TO dental_ledger USING (true)', source_table);
  END LOOP;
END
$$;
--> statement-breakpoint
ALTER TABLE revenue_entries ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE revenue_entries FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON revenue_entries
  USING (clinic_id = current_setting('app.clinic_id', true))
  WITH CHECK (clinic_id = current_setting('app.clinic_id', true));
--> statement-breakpoint
CREATE POLICY ledger_refresh ON revenue_entries TO dental_ledger USING (true) WITH CHECK (true);
--> statement-breakpoint
-- Reports read a (clinic_id, at) range of the amounts by dentist or service: one index-only scan.
DROP INDEX revenue_entries_at_idx;
--> statement-breakpoint
CREATE INDEX revenue_entries_at_idx ON revenue_entries (clinic_id, at)
  INCLUDE (dentist_id, service_id, invoiced_micros, vat_micros, collected_micros, refunded_micros);
--> statement-breakpoint
REVOKE ALL ON revenue_entries FROM dental_app;
--> statement-breakpoint
GRANT SELECT ON revenue_entries TO dental_app;
--> statement-breakpoint

-- Transaction-scoped advisory locks on ledger keys ('clinic/visit', or 'clinic/invoice' without a visit).
-- A few keys (an API movement names one): the clinic's key shared, then each key exclusive, in key order
-- so two refreshes never wait on each other crosswise. Many keys (a bulk load, the backfill below): the
-- clinic's key exclusive instead, as one lock per invoice would overflow the server's lock table.
-- Advisory rather than row locks: a row lock on the invoice would upgrade the KEY SHARE its payments'
-- foreign keys take, a deadlock between two writers that did not lock the invoice first.
CREATE FUNCTION revenue_entries_lock(keys text[]) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp SET plan_cache_mode = force_generic_plan
AS $$
DECLARE
  clinic_keys text[] := array(SELECT DISTINCT split_part(key, '/', 1) FROM unnest(keys) AS key ORDER BY 1);
BEGIN
  IF cardinality(keys) > 64 THEN
    PERFORM pg_advisory_xact_lock(hashtext('revenue_entries clinic'), hashtext(c.key)) FROM unnest(clinic_keys) AS c(key);
    RETURN;
  END IF;
  PERFORM pg_advisory_xact_lock_shared(hashtext('revenue_entries clinic'), hashtext(c.key)) FROM unnest(clinic_keys) AS c(key);
  PERFORM pg_advisory_xact_lock(hashtext('revenue_entries'), hashtext(k.key))
  FROM (SELECT DISTINCT key FROM unnest(keys) AS key ORDER BY key) k;
END
$$;
--> statement-breakpoint

-- Recomputes the ledger rows of the given invoices (pairs of clinic and invoice id) from the billing
-- tables: the lines of an issued invoice at its issue; each credit note line; each payment received
-- (SUCCEEDED, or REFUNDED later: refunds are their own rows) and each refund, shared over the invoice's
-- lines in proportion to their totals. A line's share is the amount times the invoice's running total
-- at the line's end, rounded, less the same at its start: the shares add up to the amount exactly. An
-- invoice whose lines total zero gives the whole amount to its last line. Amounts are stored in millionths.
--
-- All of the ledger's functions are PL/pgSQL with generic plans: each connection plans their statements
-- once. Planned per call (as a SQL function's are), this one cost ~2.2 ms of planning for ~0.7 ms of
-- work, inside every billing write.
CREATE FUNCTION revenue_entries_refresh(clinic_ids text[], invoice_ids text[]) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp SET plan_cache_mode = force_generic_plan
AS $$
BEGIN
  -- One refresh of an invoice at a time, and none while its visit changes dentist: a second waits, and
  -- its statements below (each a fresh snapshot) read what the first committed.
  PERFORM revenue_entries_lock(array(
    SELECT i.clinic_id || '/' || coalesce(i.appointment_id, i.id)
    FROM invoices i JOIN unnest(clinic_ids, invoice_ids) AS k(clinic_id, invoice_id)
      ON i.clinic_id = k.clinic_id AND i.id = k.invoice_id));

  DELETE FROM revenue_entries r USING unnest(clinic_ids, invoice_ids) AS k(clinic_id, invoice_id)
  WHERE r.clinic_id = k.clinic_id AND r.invoice_id = k.invoice_id;

  INSERT INTO revenue_entries (clinic_id, source_id, line_id, invoice_id, at, dentist_id, service_id,
                               invoiced_micros, vat_micros, collected_micros, refunded_micros)
  WITH issued AS (
    SELECT DISTINCT i.clinic_id, i.id, i.issued_at, a.dentist_id
    FROM unnest(clinic_ids, invoice_ids) AS k(clinic_id, invoice_id)
    JOIN invoices i ON i.clinic_id = k.clinic_id AND i.id = k.invoice_id
    LEFT JOIN appointments a ON a.clinic_id = i.clinic_id AND a.id = i.appointment_id
    WHERE i.issued_at IS NOT NULL
  ), movements AS (
    SELECT p.clinic_id, p.invoice_id, p.id, p.processed_at AS at, p.amount, false AS refund, i.dentist_id
    FROM issued i JOIN payments p ON p.clinic_id = i.clinic_id AND p.invoice_id = i.id
    WHERE p.status IN ('SUCCEEDED', 'REFUNDED') AND p.processed_at IS NOT NULL
    UNION ALL
    SELECT r.clinic_id, r.invoice_id, r.id, r.refunded_at, r.amount, true, i.dentist_id
    FROM issued i JOIN payment_refunds r ON r.clinic_id = i.clinic_id AND r.invoice_id = i.id
  ), shares AS (
    SELECT m.clinic_id, m.id AS source_id, l.id AS line_id, m.invoice_id, m.at, m.dentist_id, l.service_id, m.refund, m.amount,
      sum(l.total) OVER running - l.total AS total_before,
      sum(l.total) OVER running AS total_after,
      sum(l.total) OVER whole AS invoice_total,
      row_number() OVER running = count(*) OVER whole AS last
    FROM movements m JOIN invoice_items l ON l.clinic_id = m.clinic_id AND l.invoice_id = m.invoice_id
    WINDOW running AS (PARTITION BY m.id ORDER BY l.position, l.id ROWS UNBOUNDED PRECEDING),
           whole AS (PARTITION BY m.id)
  )
  SELECT i.clinic_id, i.id, l.id, i.id, i.issued_at, i.dentist_id, l.service_id, (l.total * 1e6)::bigint, (l.vat_amount * 1e6)::bigint, 0, 0
  FROM issued i JOIN invoice_items l ON l.clinic_id = i.clinic_id AND l.invoice_id = i.id
  UNION ALL
  SELECT c.clinic_id, c.id, cl.id, c.invoice_id, c.issued_at, i.dentist_id, l.service_id, (-cl.total * 1e6)::bigint, (-cl.vat_amount * 1e6)::bigint, 0, 0
  FROM issued i
  JOIN credit_notes c ON c.clinic_id = i.clinic_id AND c.invoice_id = i.id
  JOIN credit_note_items cl ON cl.clinic_id = c.clinic_id AND cl.credit_note_id = c.id
  JOIN invoice_items l ON l.clinic_id = cl.clinic_id AND l.id = cl.invoice_item_id
  UNION ALL
  SELECT s.clinic_id, s.source_id, s.line_id, s.invoice_id, s.at, s.dentist_id, s.service_id, 0, 0,
    CASE WHEN s.refund THEN 0 ELSE (s.share * 1e6)::bigint END, CASE WHEN s.refund THEN (s.share * 1e6)::bigint ELSE 0 END
  FROM (
    SELECT shares.*,
      CASE WHEN invoice_total = 0 THEN CASE WHEN last THEN amount ELSE 0 END
           ELSE round(amount * total_after / invoice_total, 6) - round(amount * total_before / invoice_total, 6)
      END AS share
    FROM shares
  ) s;
END
$$;
--> statement-breakpoint

-- What moves the ledger. Inserts: statement-level triggers with transition tables, so a bulk load
-- refreshes each invoice once per statement. Updates: row-level triggers whose WHEN clause lets through
-- only what changes the ledger (an invoice's issue; a payment's amount, date, invoice or whether it counts),
-- so the many other updates of invoices and payments (amounts paid, balances, statuses) cost nothing.
-- Each function passes the invoices concerned to revenue_entries_refresh.
CREATE FUNCTION revenue_entries_after_issue() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp SET plan_cache_mode = force_generic_plan
AS $$
BEGIN
  PERFORM revenue_entries_refresh(ARRAY[NEW.clinic_id], ARRAY[NEW.id]);
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER revenue_entries_invoices AFTER UPDATE OF issued_at ON invoices
  FOR EACH ROW WHEN (OLD.issued_at IS DISTINCT FROM NEW.issued_at)
  EXECUTE FUNCTION revenue_entries_after_issue();
--> statement-breakpoint

-- Lines join an issued invoice only in a bulk load (the freeze trigger refuses them otherwise).
CREATE FUNCTION revenue_entries_after_lines() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp SET plan_cache_mode = force_generic_plan
AS $$
BEGIN
  PERFORM revenue_entries_refresh(array_agg(i.clinic_id), array_agg(i.id))
  FROM invoices i
  WHERE (i.clinic_id, i.id) IN (SELECT clinic_id, invoice_id FROM changed) AND i.issued_at IS NOT NULL
  HAVING count(*) > 0;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER revenue_entries_invoice_items AFTER INSERT ON invoice_items
  REFERENCING NEW TABLE AS changed
  FOR EACH STATEMENT EXECUTE FUNCTION revenue_entries_after_lines();
--> statement-breakpoint

CREATE FUNCTION revenue_entries_after_credit() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp SET plan_cache_mode = force_generic_plan
AS $$
BEGIN
  PERFORM revenue_entries_refresh(array_agg(k.clinic_id), array_agg(k.invoice_id))
  FROM (SELECT DISTINCT c.clinic_id, c.invoice_id FROM changed cl
        JOIN credit_notes c ON c.clinic_id = cl.clinic_id AND c.id = cl.credit_note_id) k
  HAVING count(*) > 0;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER revenue_entries_credit_note_items AFTER INSERT ON credit_note_items
  REFERENCING NEW TABLE AS changed
  FOR EACH STATEMENT EXECUTE FUNCTION revenue_entries_after_credit();
--> statement-breakpoint

-- Payments and refunds name their invoice.
CREATE FUNCTION revenue_entries_after_money() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp SET plan_cache_mode = force_generic_plan
AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM revenue_entries_refresh(array_agg(k.clinic_id), array_agg(k.invoice_id))
    FROM (SELECT DISTINCT clinic_id, invoice_id FROM changed_new) k HAVING count(*) > 0;
  ELSE
    PERFORM revenue_entries_refresh(array_agg(k.clinic_id), array_agg(k.invoice_id))
    FROM (SELECT DISTINCT clinic_id, invoice_id FROM changed_old) k HAVING count(*) > 0;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER revenue_entries_payments_inserted AFTER INSERT ON payments
  REFERENCING NEW TABLE AS changed_new
  FOR EACH STATEMENT EXECUTE FUNCTION revenue_entries_after_money();
--> statement-breakpoint
CREATE FUNCTION revenue_entries_after_payment_change() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp SET plan_cache_mode = force_generic_plan
AS $$
BEGIN
  PERFORM revenue_entries_refresh(ARRAY[OLD.clinic_id, NEW.clinic_id], ARRAY[OLD.invoice_id, NEW.invoice_id]);
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- A refund moves a payment to REFUNDED: still counted as collected (the refund is its own row), so no refresh.
CREATE TRIGGER revenue_entries_payments_updated AFTER UPDATE ON payments
  FOR EACH ROW WHEN (
    (OLD.amount, OLD.processed_at, OLD.invoice_id, OLD.status IN ('SUCCEEDED', 'REFUNDED'))
    IS DISTINCT FROM (NEW.amount, NEW.processed_at, NEW.invoice_id, NEW.status IN ('SUCCEEDED', 'REFUNDED')))
  EXECUTE FUNCTION revenue_entries_after_payment_change();
--> statement-breakpoint
CREATE TRIGGER revenue_entries_payments_deleted AFTER DELETE ON payments
  REFERENCING OLD TABLE AS changed_old
  FOR EACH STATEMENT EXECUTE FUNCTION revenue_entries_after_money();
--> statement-breakpoint
CREATE TRIGGER revenue_entries_refunds_inserted AFTER INSERT ON payment_refunds
  REFERENCING NEW TABLE AS changed_new
  FOR EACH STATEMENT EXECUTE FUNCTION revenue_entries_after_money();
--> statement-breakpoint

-- Revenue follows the dentist of the invoice's appointment, also when the appointment is reassigned later.
CREATE FUNCTION revenue_entries_after_dentist() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp SET plan_cache_mode = force_generic_plan
AS $$
BEGIN
  -- The visit's key first: an invoice of it being issued meanwhile has either committed its own refresh
  -- (and is seen issued by the next statement) or waits for this transaction and reads the new dentist.
  PERFORM revenue_entries_lock(ARRAY[NEW.clinic_id || '/' || NEW.id]);
  PERFORM revenue_entries_refresh(array_agg(i.clinic_id), array_agg(i.id))
  FROM invoices i
  WHERE i.clinic_id = NEW.clinic_id AND i.appointment_id = NEW.id AND i.issued_at IS NOT NULL
  HAVING count(*) > 0;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER revenue_entries_appointments AFTER UPDATE OF dentist_id ON appointments
  FOR EACH ROW WHEN (OLD.dentist_id IS DISTINCT FROM NEW.dentist_id)
  EXECUTE FUNCTION revenue_entries_after_dentist();
--> statement-breakpoint

ALTER FUNCTION revenue_entries_lock(text[]) OWNER TO dental_ledger;
--> statement-breakpoint
ALTER FUNCTION revenue_entries_refresh(text[], text[]) OWNER TO dental_ledger;
--> statement-breakpoint
ALTER FUNCTION revenue_entries_after_issue() OWNER TO dental_ledger;
--> statement-breakpoint
ALTER FUNCTION revenue_entries_after_lines() OWNER TO dental_ledger;
--> statement-breakpoint
ALTER FUNCTION revenue_entries_after_credit() OWNER TO dental_ledger;
--> statement-breakpoint
ALTER FUNCTION revenue_entries_after_money() OWNER TO dental_ledger;
--> statement-breakpoint
ALTER FUNCTION revenue_entries_after_payment_change() OWNER TO dental_ledger;
--> statement-breakpoint
ALTER FUNCTION revenue_entries_after_dentist() OWNER TO dental_ledger;
--> statement-breakpoint
-- Only the triggers run them (EXECUTE on a trigger function is checked when a trigger is created).
REVOKE EXECUTE ON FUNCTION revenue_entries_lock(text[]), revenue_entries_refresh(text[], text[]), revenue_entries_after_issue(),
  revenue_entries_after_lines(), revenue_entries_after_credit(), revenue_entries_after_money(), revenue_entries_after_payment_change(),
  revenue_entries_after_dentist()
  FROM PUBLIC;
--> statement-breakpoint

-- The invoices issued so far (run as the ledger role, which reads every clinic's rows).
SELECT revenue_entries_refresh(array_agg(clinic_id), array_agg(id)) FROM invoices WHERE issued_at IS NOT NULL HAVING count(*) > 0;
