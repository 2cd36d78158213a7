-- Patient search that stays fast under row-level security (see patientSearchTerms in the schema).
ALTER TABLE patient_search_terms ALTER COLUMN term TYPE text COLLATE "C";
--> statement-breakpoint
ALTER TABLE patient_search_terms ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE patient_search_terms FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON patient_search_terms
  USING (clinic_id = current_setting('app.clinic_id', true))
  WITH CHECK (clinic_id = current_setting('app.clinic_id', true));
--> statement-breakpoint

-- The folded words of a text and every suffix of each (at least two characters, or the word itself).
CREATE FUNCTION dental_search_terms(input text) RETURNS SETOF text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
AS $$
  SELECT DISTINCT substr(word, i)
  FROM regexp_split_to_table(dental_fold(input), '[^[:alnum:]]+') AS word,
       generate_series(1, greatest(length(word) - 1, 1)) AS i
  WHERE word <> ''
$$;
--> statement-breakpoint

-- Runs as the writer (the API role), so row-level security checks the terms it writes too.
CREATE FUNCTION patients_index_search_terms() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.search_text IS NOT DISTINCT FROM OLD.search_text THEN
    RETURN NULL;
  END IF;
  DELETE FROM patient_search_terms WHERE clinic_id = NEW.clinic_id AND patient_id = NEW.id;
  INSERT INTO patient_search_terms (clinic_id, patient_id, term)
  SELECT NEW.clinic_id, NEW.id, term FROM dental_search_terms(NEW.search_text) AS term;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER patients_search_terms AFTER INSERT OR UPDATE ON patients
  FOR EACH ROW EXECUTE FUNCTION patients_index_search_terms();
--> statement-breakpoint

-- Existing patients (the migration role must not be subject to RLS here: a superuser, as in our setups).
INSERT INTO patient_search_terms (clinic_id, patient_id, term)
SELECT p.clinic_id, p.id, term FROM patients p, dental_search_terms(p.search_text) AS term;
