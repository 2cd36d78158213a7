CREATE TABLE "credit_note_items" (
	"clinic_id" text NOT NULL,
	"id" text NOT NULL,
	"credit_note_id" text NOT NULL,
	"invoice_item_id" text NOT NULL,
	"position" integer NOT NULL,
	"description" text NOT NULL,
	"description_ar" text,
	"quantity" integer NOT NULL,
	"unit_price" numeric(14, 3) NOT NULL,
	"vat_category" text NOT NULL,
	"vat_exemption_code" text,
	"vat_rate" numeric(14, 3) NOT NULL,
	"net_amount" numeric(14, 3) NOT NULL,
	"vat_amount" numeric(14, 3) NOT NULL,
	"total" numeric(14, 3) NOT NULL,
	CONSTRAINT "credit_note_items_clinic_id_id_pk" PRIMARY KEY("clinic_id","id"),
	CONSTRAINT "credit_note_items_amounts" CHECK ("credit_note_items"."total" = "credit_note_items"."net_amount" + "credit_note_items"."vat_amount" and "credit_note_items"."net_amount" >= 0 and "credit_note_items"."vat_amount" >= 0)
);
--> statement-breakpoint
CREATE TABLE "credit_notes" (
	"clinic_id" text NOT NULL,
	"id" text NOT NULL,
	"invoice_id" text NOT NULL,
	"number" text NOT NULL,
	"sequence" integer NOT NULL,
	"reason" text NOT NULL,
	"currency" text NOT NULL,
	"subtotal_amount" numeric(14, 3) NOT NULL,
	"vat_amount" numeric(14, 3) NOT NULL,
	"total_amount" numeric(14, 3) NOT NULL,
	"issued_at" timestamp with time zone NOT NULL,
	"created_by_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "credit_notes_clinic_id_id_pk" PRIMARY KEY("clinic_id","id"),
	CONSTRAINT "credit_notes_total_positive" CHECK ("credit_notes"."total_amount" > 0 and "credit_notes"."total_amount" = "credit_notes"."subtotal_amount" + "credit_notes"."vat_amount")
);
--> statement-breakpoint
CREATE TABLE "document_counters" (
	"clinic_id" text NOT NULL,
	"series" text NOT NULL,
	"last_value" integer NOT NULL,
	CONSTRAINT "document_counters_clinic_id_series_pk" PRIMARY KEY("clinic_id","series")
);
--> statement-breakpoint
CREATE TABLE "payment_refunds" (
	"clinic_id" text NOT NULL,
	"id" text NOT NULL,
	"payment_id" text NOT NULL,
	"invoice_id" text NOT NULL,
	"amount" numeric(14, 3) NOT NULL,
	"reason" text NOT NULL,
	"refunded_at" timestamp with time zone NOT NULL,
	"created_by_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "payment_refunds_clinic_id_id_pk" PRIMARY KEY("clinic_id","id"),
	CONSTRAINT "payment_refunds_amount_positive" CHECK ("payment_refunds"."amount" > 0)
);
--> statement-breakpoint
CREATE TABLE "zatca_chains" (
	"clinic_id" text PRIMARY KEY NOT NULL,
	"last_icv" integer NOT NULL,
	"last_hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "zatca_documents" (
	"clinic_id" text NOT NULL,
	"id" text NOT NULL,
	"kind" text NOT NULL,
	"icv" integer NOT NULL,
	"previous_hash" text NOT NULL,
	"invoice_hash" text NOT NULL,
	"qr" text NOT NULL,
	"xml" text NOT NULL,
	"issued_at" timestamp with time zone NOT NULL,
	CONSTRAINT "zatca_documents_clinic_id_id_pk" PRIMARY KEY("clinic_id","id"),
	CONSTRAINT "zatca_documents_kind" CHECK ("zatca_documents"."kind" in ('invoice', 'credit_note'))
);
--> statement-breakpoint
ALTER TABLE "invoices" DROP CONSTRAINT "invoices_amounts_non_negative";--> statement-breakpoint
ALTER TABLE "invoices" ALTER COLUMN "number" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "patients" ADD COLUMN "nationality" text;--> statement-breakpoint
ALTER TABLE "patients" ADD COLUMN "national_id" text;--> statement-breakpoint
ALTER TABLE "invoice_items" ADD COLUMN "position" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "invoice_items" ADD COLUMN "description_ar" text;--> statement-breakpoint
ALTER TABLE "invoice_items" ADD COLUMN "vat_category" text DEFAULT 'S' NOT NULL;--> statement-breakpoint
ALTER TABLE "invoice_items" ADD COLUMN "vat_exemption_code" text;--> statement-breakpoint
ALTER TABLE "invoice_items" ADD COLUMN "net_amount" numeric(14, 3) DEFAULT '0' NOT NULL;--> statement-breakpoint
ALTER TABLE "invoice_items" ADD COLUMN "vat_amount" numeric(14, 3) DEFAULT '0' NOT NULL;--> statement-breakpoint
ALTER TABLE "invoice_items" ADD COLUMN "credited_net" numeric(14, 3) DEFAULT '0' NOT NULL;--> statement-breakpoint
ALTER TABLE "invoice_items" ADD COLUMN "credited_vat" numeric(14, 3) DEFAULT '0' NOT NULL;--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "sequence" integer;--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "credited_amount" numeric(14, 3) DEFAULT '0' NOT NULL;--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "notes" text;--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "seller_snapshot" jsonb;--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "buyer_snapshot" jsonb;--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "listed_at" timestamp with time zone GENERATED ALWAYS AS (coalesce(issued_at, created_at)) STORED;--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "idempotency_key" text;--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "request_hash" text;--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "refunded_amount" numeric(14, 3) DEFAULT '0' NOT NULL;--> statement-breakpoint
ALTER TABLE "credit_note_items" ADD CONSTRAINT "credit_note_items_credit_note_fk" FOREIGN KEY ("clinic_id","credit_note_id") REFERENCES "public"."credit_notes"("clinic_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_note_items" ADD CONSTRAINT "credit_note_items_invoice_item_fk" FOREIGN KEY ("clinic_id","invoice_item_id") REFERENCES "public"."invoice_items"("clinic_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_notes" ADD CONSTRAINT "credit_notes_invoice_fk" FOREIGN KEY ("clinic_id","invoice_id") REFERENCES "public"."invoices"("clinic_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_notes" ADD CONSTRAINT "credit_notes_created_by_fk" FOREIGN KEY ("clinic_id","created_by_id") REFERENCES "public"."users"("clinic_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_counters" ADD CONSTRAINT "document_counters_clinic_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinics"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_refunds" ADD CONSTRAINT "payment_refunds_payment_fk" FOREIGN KEY ("clinic_id","payment_id") REFERENCES "public"."payments"("clinic_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_refunds" ADD CONSTRAINT "payment_refunds_invoice_fk" FOREIGN KEY ("clinic_id","invoice_id") REFERENCES "public"."invoices"("clinic_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_refunds" ADD CONSTRAINT "payment_refunds_created_by_fk" FOREIGN KEY ("clinic_id","created_by_id") REFERENCES "public"."users"("clinic_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "zatca_chains" ADD CONSTRAINT "zatca_chains_clinic_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinics"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "zatca_documents" ADD CONSTRAINT "zatca_documents_clinic_fk" FOREIGN KEY ("clinic_id") REFERENCES "public"."clinics"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "credit_note_items_credit_note_idx" ON "credit_note_items" USING btree ("clinic_id","credit_note_id");--> statement-breakpoint
CREATE UNIQUE INDEX "credit_notes_number_key" ON "credit_notes" USING btree ("clinic_id","number");--> statement-breakpoint
CREATE INDEX "credit_notes_invoice_idx" ON "credit_notes" USING btree ("clinic_id","invoice_id");--> statement-breakpoint
CREATE INDEX "credit_notes_issued_idx" ON "credit_notes" USING btree ("clinic_id","issued_at");--> statement-breakpoint
CREATE INDEX "payment_refunds_payment_idx" ON "payment_refunds" USING btree ("clinic_id","payment_id");--> statement-breakpoint
CREATE INDEX "payment_refunds_invoice_idx" ON "payment_refunds" USING btree ("clinic_id","invoice_id");--> statement-breakpoint
CREATE INDEX "payment_refunds_refunded_idx" ON "payment_refunds" USING btree ("clinic_id","refunded_at");--> statement-breakpoint
CREATE UNIQUE INDEX "zatca_documents_icv_key" ON "zatca_documents" USING btree ("clinic_id","icv");--> statement-breakpoint
CREATE INDEX "invoices_listed_idx" ON "invoices" USING btree ("clinic_id","listed_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "invoices_appointment_key" ON "invoices" USING btree ("clinic_id","appointment_id") WHERE "invoices"."appointment_id" is not null and "invoices"."status" <> 'VOID';--> statement-breakpoint
CREATE INDEX "payments_processed_idx" ON "payments" USING btree ("clinic_id","processed_at");--> statement-breakpoint
CREATE UNIQUE INDEX "payments_idempotency_key" ON "payments" USING btree ("clinic_id","idempotency_key");--> statement-breakpoint
ALTER TABLE "invoice_items" ADD CONSTRAINT "invoice_items_vat_category" CHECK ("invoice_items"."vat_category" in ('S', 'Z'));--> statement-breakpoint
ALTER TABLE "invoice_items" ADD CONSTRAINT "invoice_items_amounts" CHECK ("invoice_items"."total" = "invoice_items"."net_amount" + "invoice_items"."vat_amount" and "invoice_items"."net_amount" >= 0 and "invoice_items"."vat_amount" >= 0);--> statement-breakpoint
ALTER TABLE "invoice_items" ADD CONSTRAINT "invoice_items_credited" CHECK ("invoice_items"."credited_net" between 0 and "invoice_items"."net_amount" and "invoice_items"."credited_vat" between 0 and "invoice_items"."vat_amount");--> statement-breakpoint
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_balance_identity" CHECK ("invoices"."balance_due" = "invoices"."total_amount" - "invoices"."credited_amount" - "invoices"."amount_paid");--> statement-breakpoint
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_issued_have_numbers" CHECK (("invoices"."status" = 'DRAFT') = ("invoices"."number" is null) and ("invoices"."number" is null) = ("invoices"."issued_at" is null));--> statement-breakpoint
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_amounts_non_negative" CHECK ("invoices"."total_amount" >= 0 and "invoices"."amount_paid" >= 0 and "invoices"."credited_amount" >= 0 and "invoices"."credited_amount" <= "invoices"."total_amount");--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_refunded" CHECK ("payments"."refunded_amount" between 0 and "payments"."amount");--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_method" CHECK ("payments"."method" in ('cash', 'card', 'bank_transfer', 'insurance', 'other'));--> statement-breakpoint

-- Written by hand (drizzle-kit cannot express it): tenant isolation of the new tables, append-only
-- billing records, and issued invoices frozen by the database itself.
GRANT SELECT, INSERT, UPDATE, DELETE ON credit_notes, credit_note_items, document_counters, payment_refunds, zatca_chains, zatca_documents TO dental_app;
--> statement-breakpoint
DO $$
DECLARE
  tenant_table text;
BEGIN
  FOREACH tenant_table IN ARRAY ARRAY['credit_notes', 'credit_note_items', 'document_counters', 'payment_refunds', 'zatca_chains', 'zatca_documents']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', tenant_table);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', tenant_table);
    EXECUTE format(
      'CREATE POLICY tenant_isolation ON %I USING (clinic_id = current_setting(''app.clinic_id'', true)) '
      'WITH CHECK (clinic_id = current_setting(''app.clinic_id'', true))',
      tenant_table);
  END LOOP;
END
$$;
--> statement-breakpoint
-- Issued documents, refunds and e-invoice XML are never rewritten or removed by the application.
REVOKE UPDATE, DELETE, TRUNCATE ON credit_notes, credit_note_items, payment_refunds, zatca_documents FROM dental_app;
--> statement-breakpoint

-- An issued invoice never changes: only its paid/credited amounts, balance and status move (payments,
-- refunds, credit notes), and it is never deleted. The API refuses first (409); this is the backstop.
CREATE FUNCTION invoices_freeze_issued() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  IF OLD.status = 'DRAFT' THEN
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
  END IF;
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'issued invoice % cannot be deleted', OLD.number USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  IF NEW.status = 'DRAFT'
     OR (NEW.number, NEW.sequence, NEW.patient_id, NEW.appointment_id, NEW.currency, NEW.subtotal_amount, NEW.vat_amount,
         NEW.total_amount, NEW.issued_at, NEW.due_at, NEW.notes, NEW.seller_snapshot, NEW.buyer_snapshot, NEW.created_at)
        IS DISTINCT FROM
        (OLD.number, OLD.sequence, OLD.patient_id, OLD.appointment_id, OLD.currency, OLD.subtotal_amount, OLD.vat_amount,
         OLD.total_amount, OLD.issued_at, OLD.due_at, OLD.notes, OLD.seller_snapshot, OLD.buyer_snapshot, OLD.created_at) THEN
    RAISE EXCEPTION 'issued invoice % cannot be changed', OLD.number USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER invoices_freeze_issued BEFORE UPDATE OR DELETE ON invoices FOR EACH ROW EXECUTE FUNCTION invoices_freeze_issued();
--> statement-breakpoint

-- The lines of an issued invoice: none added or removed; only how much credit notes took back may change.
CREATE FUNCTION invoice_items_freeze_issued() RETURNS trigger
LANGUAGE plpgsql
AS $$
DECLARE
  line invoice_items := CASE WHEN TG_OP = 'INSERT' THEN NEW ELSE OLD END;
BEGIN
  IF (SELECT status FROM invoices WHERE clinic_id = line.clinic_id AND id = line.invoice_id) = 'DRAFT' THEN
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
  END IF;
  IF TG_OP <> 'UPDATE'
     OR (NEW.invoice_id, NEW.position, NEW.service_id, NEW.description, NEW.description_ar, NEW.quantity, NEW.unit_price,
         NEW.vat_category, NEW.vat_exemption_code, NEW.vat_rate, NEW.net_amount, NEW.vat_amount, NEW.total)
        IS DISTINCT FROM
        (OLD.invoice_id, OLD.position, OLD.service_id, OLD.description, OLD.description_ar, OLD.quantity, OLD.unit_price,
         OLD.vat_category, OLD.vat_exemption_code, OLD.vat_rate, OLD.net_amount, OLD.vat_amount, OLD.total) THEN
    RAISE EXCEPTION 'lines of an issued invoice cannot be changed' USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER invoice_items_freeze_issued BEFORE INSERT OR UPDATE OR DELETE ON invoice_items FOR EACH ROW EXECUTE FUNCTION invoice_items_freeze_issued();
