ALTER TABLE "clinics" ADD COLUMN "country" text DEFAULT 'SA' NOT NULL;--> statement-breakpoint
ALTER TABLE "patients" ADD COLUMN "search_text" text GENERATED ALWAYS AS (dental_fold(first_name || ' ' || last_name || ' ' || coalesce(email, '') || ' ' || coalesce(regexp_replace(phone, '[^0-9]', '', 'g'), ''))) STORED;--> statement-breakpoint
ALTER TABLE "patients" ADD COLUMN "sort_name" text GENERATED ALWAYS AS (dental_fold(last_name || ' ' || first_name)) STORED;--> statement-breakpoint
CREATE INDEX "patients_search_idx" ON "patients" USING gin ("search_text" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "patients_sort_idx" ON "patients" USING btree ("clinic_id","sort_name","id");