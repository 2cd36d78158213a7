ALTER TABLE "invites" ADD COLUMN "token_sealed" text;--> statement-breakpoint
ALTER TABLE "patients" ADD COLUMN "merged_into_id" text;--> statement-breakpoint
ALTER TABLE "patients" ADD CONSTRAINT "patients_merged_into_fk" FOREIGN KEY ("clinic_id","merged_into_id") REFERENCES "public"."patients"("clinic_id","id") ON DELETE no action ON UPDATE no action;