ALTER TABLE "credit_notes" ADD COLUMN "idempotency_key" text;--> statement-breakpoint
ALTER TABLE "credit_notes" ADD COLUMN "request_hash" text;--> statement-breakpoint
ALTER TABLE "payment_refunds" ADD COLUMN "idempotency_key" text;--> statement-breakpoint
ALTER TABLE "payment_refunds" ADD COLUMN "request_hash" text;--> statement-breakpoint
CREATE UNIQUE INDEX "credit_notes_idempotency_key" ON "credit_notes" USING btree ("clinic_id","idempotency_key");--> statement-breakpoint
CREATE UNIQUE INDEX "payment_refunds_idempotency_key" ON "payment_refunds" USING btree ("clinic_id","idempotency_key");