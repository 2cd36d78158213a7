ALTER TABLE "file_attachments" ALTER COLUMN "mime_type" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "file_attachments" ALTER COLUMN "size_bytes" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "file_attachments" ADD COLUMN "sha256" text NOT NULL;--> statement-breakpoint
ALTER TABLE "file_attachments" ADD COLUMN "category" text NOT NULL;--> statement-breakpoint
ALTER TABLE "file_attachments" ADD COLUMN "note" text;--> statement-breakpoint
ALTER TABLE "file_attachments" ADD COLUMN "deleted_by_id" text;--> statement-breakpoint
ALTER TABLE "file_attachments" ADD COLUMN "purged_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "file_attachments" ADD CONSTRAINT "file_attachments_deleted_by_fk" FOREIGN KEY ("clinic_id","deleted_by_id") REFERENCES "public"."users"("clinic_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "file_attachments_patient_idx" ON "file_attachments" USING btree ("clinic_id","patient_id","created_at");--> statement-breakpoint
CREATE INDEX "file_attachments_purge_idx" ON "file_attachments" USING btree ("deleted_at") WHERE "file_attachments"."deleted_at" is not null and "file_attachments"."purged_at" is null;--> statement-breakpoint
ALTER TABLE "file_attachments" ADD CONSTRAINT "file_attachments_entity_type_check" CHECK ("file_attachments"."entity_type" in ('patient', 'appointment', 'invoice'));--> statement-breakpoint
ALTER TABLE "file_attachments" ADD CONSTRAINT "file_attachments_category_check" CHECK ("file_attachments"."category" in ('xray', 'photo', 'document', 'consent'));--> statement-breakpoint
ALTER TABLE "file_attachments" ADD CONSTRAINT "file_attachments_size_check" CHECK ("file_attachments"."size_bytes" >= 0);