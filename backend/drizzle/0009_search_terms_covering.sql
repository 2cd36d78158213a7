-- Search sorts and pages on the terms alone: sort_name rides in the primary key's index (INCLUDE), so
-- a search is one index-only range scan per word; archived patients have no terms at all.
ALTER TABLE patient_search_terms ALTER COLUMN sort_name TYPE text COLLATE "C";
--> statement-breakpoint
ALTER TABLE patient_search_terms DROP CONSTRAINT patient_search_terms_clinic_id_term_patient_id_pk;
--> statement-breakpoint
ALTER TABLE patient_search_terms ADD CONSTRAINT patient_search_terms_clinic_id_term_patient_id_pk
  PRIMARY KEY (clinic_id, term, patient_id) INCLUDE (sort_name);
--> statement-breakpoint
CREATE OR REPLACE FUNCTION patients_index_search_terms() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  IF TG_OP = 'UPDATE'
     AND NEW.search_text IS NOT DISTINCT FROM OLD.search_text
     AND NEW.sort_name IS NOT DISTINCT FROM OLD.sort_name
     AND (NEW.archived_at IS NULL) = (OLD.archived_at IS NULL) THEN
    RETURN NULL;
  END IF;
  DELETE FROM patient_search_terms WHERE clinic_id = NEW.clinic_id AND patient_id = NEW.id;
  IF NEW.archived_at IS NULL THEN
    INSERT INTO patient_search_terms (clinic_id, patient_id, term, sort_name)
    SELECT NEW.clinic_id, NEW.id, term, NEW.sort_name FROM dental_search_terms(NEW.search_text) AS term;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
UPDATE patient_search_terms t SET sort_name = p.sort_name FROM patients p WHERE p.clinic_id = t.clinic_id AND p.id = t.patient_id;
--> statement-breakpoint
DELETE FROM patient_search_terms t USING patients p WHERE p.clinic_id = t.clinic_id AND p.id = t.patient_id AND p.archived_at IS NOT NULL;
