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
-- billing tables. Tenant isolation as every table; the application role only reads it, and the triggers
-- below (SECURITY DEFINER, owned by the migration role) write it.
ALTER TABLE revenue_entries ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE revenue_entries FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON revenue_entries
  USING (clinic_id = current_setting('app.clinic_id', true))
  WITH CHECK (clinic_id = current_setting('app.clinic_id', true));
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

-- Recomputes the ledger rows of the given invoices (pairs of clinic and invoice id) from the billing
-- tables: the lines of an issued invoice at its issue; each credit note line; each payment received
-- (SUCCEEDED, or REFUNDED later: refunds are their own rows) and each refund, shared over the invoice's
-- lines in proportion to their totals. A line's share is the amount times the invoice's running total
-- at the line's end, rounded, less the same at its start: the shares add up to the amount exactly. An
-- invoice whose lines total zero gives the whole amount to its last line. Amounts are stored in millionths.
CREATE FUNCTION revenue_entries_refresh(clinic_ids text[], invoice_ids text[]) RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = public
AS $$
  -- One refresh of an invoice at a time: billing already holds the invoice for its movements, but an
  -- appointment's new dentist does not; a second refresh waits and recomputes from what the first committed.
  SELECT 1 FROM invoices i JOIN unnest(clinic_ids, invoice_ids) AS k(clinic_id, invoice_id)
    ON i.clinic_id = k.clinic_id AND i.id = k.invoice_id
  ORDER BY i.clinic_id, i.id
  FOR UPDATE OF i;

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
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION revenue_entries_refresh(text[], text[]) FROM PUBLIC;
--> statement-breakpoint

-- What moves the ledger. Statement-level with transition tables, so a bulk load refreshes each invoice
-- once per statement; the functions pass the invoices concerned to revenue_entries_refresh.
CREATE FUNCTION revenue_entries_after_issue() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public
AS $$
BEGIN
  PERFORM revenue_entries_refresh(array_agg(n.clinic_id), array_agg(n.id))
  FROM changed_new n JOIN changed_old o ON o.clinic_id = n.clinic_id AND o.id = n.id
  WHERE n.issued_at IS DISTINCT FROM o.issued_at OR n.appointment_id IS DISTINCT FROM o.appointment_id
  HAVING count(*) > 0;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER revenue_entries_invoices AFTER UPDATE ON invoices
  REFERENCING OLD TABLE AS changed_old NEW TABLE AS changed_new
  FOR EACH STATEMENT EXECUTE FUNCTION revenue_entries_after_issue();
--> statement-breakpoint

-- Lines join an issued invoice only in a bulk load (the freeze trigger refuses them otherwise).
CREATE FUNCTION revenue_entries_after_lines() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public
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
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public
AS $$
BEGIN
  PERFORM revenue_entries_refresh(array_agg(k.clinic_id), array_agg(k.invoice_id))
  FROM (SELECT DISTINCT l.clinic_id, l.invoice_id FROM changed cl
        JOIN invoice_items l ON l.clinic_id = cl.clinic_id AND l.id = cl.invoice_item_id) k
  HAVING count(*) > 0;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER revenue_entries_credit_note_items AFTER INSERT ON credit_note_items
  REFERENCING NEW TABLE AS changed
  FOR EACH STATEMENT EXECUTE FUNCTION revenue_entries_after_credit();
--> statement-breakpoint

-- Payments and refunds name their invoice; an update matters only when it moves what is counted.
CREATE FUNCTION revenue_entries_after_money() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public
AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    PERFORM revenue_entries_refresh(array_agg(k.clinic_id), array_agg(k.invoice_id))
    FROM (SELECT DISTINCT clinic_id, invoice_id FROM (
            SELECT clinic_id, invoice_id, amount, status::text, processed_at FROM changed_new
            EXCEPT ALL
            SELECT clinic_id, invoice_id, amount, status::text, processed_at FROM changed_old) moved
          UNION
          SELECT DISTINCT clinic_id, invoice_id FROM (
            SELECT clinic_id, invoice_id, amount, status::text, processed_at FROM changed_old
            EXCEPT ALL
            SELECT clinic_id, invoice_id, amount, status::text, processed_at FROM changed_new) left_behind) k
    HAVING count(*) > 0;
  ELSIF TG_OP = 'INSERT' THEN
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
CREATE TRIGGER revenue_entries_payments_updated AFTER UPDATE ON payments
  REFERENCING OLD TABLE AS changed_old NEW TABLE AS changed_new
  FOR EACH STATEMENT EXECUTE FUNCTION revenue_entries_after_money();
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
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public
AS $$
BEGIN
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

-- The invoices issued so far (the migration role runs as in our setups: a superuser, not subject to RLS).
SELECT revenue_entries_refresh(array_agg(clinic_id), array_agg(id)) FROM invoices WHERE issued_at IS NOT NULL HAVING count(*) > 0;
