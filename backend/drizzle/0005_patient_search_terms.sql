CREATE TABLE "patient_search_terms" (
	"clinic_id" text NOT NULL,
	"patient_id" text NOT NULL,
	"term" text NOT NULL,
	CONSTRAINT "patient_search_terms_clinic_id_term_patient_id_pk" PRIMARY KEY("clinic_id","term","patient_id")
);
--> statement-breakpoint
ALTER TABLE "patient_search_terms" ADD CONSTRAINT "patient_search_terms_patient_fk" FOREIGN KEY ("clinic_id","patient_id") REFERENCES "public"."patients"("clinic_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "patient_search_terms_patient_idx" ON "patient_search_terms" USING btree ("clinic_id","patient_id");