-- The file purge job works across clinics, but the application role sees one clinic at a time (forced
-- RLS). It learns which clinics have files due for purging from this one SECURITY DEFINER look-up,
-- owned by dental_jobs (no login), which may read only the columns it needs; the purge itself then
-- runs in each clinic's own transaction.
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'dental_jobs') THEN
    CREATE ROLE dental_jobs NOLOGIN;
  END IF;
END
$$;
--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO dental_jobs;
--> statement-breakpoint
GRANT SELECT (clinic_id, id, deleted_at, purged_at) ON file_attachments TO dental_jobs;
--> statement-breakpoint
CREATE POLICY jobs_lookup ON file_attachments FOR SELECT TO dental_jobs USING (true);
--> statement-breakpoint
CREATE FUNCTION files_due_for_purge(p_deleted_before timestamptz, p_limit integer)
RETURNS TABLE (clinic_id text, id text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
  SELECT f.clinic_id, f.id FROM file_attachments f
  WHERE f.deleted_at IS NOT NULL AND f.deleted_at < p_deleted_before AND f.purged_at IS NULL
  ORDER BY f.deleted_at, f.clinic_id, f.id
  LIMIT p_limit
$$;
--> statement-breakpoint
ALTER FUNCTION files_due_for_purge(timestamptz, integer) OWNER TO dental_jobs;
--> statement-breakpoint
REVOKE EXECUTE ON FUNCTION files_due_for_purge(timestamptz, integer) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION files_due_for_purge(timestamptz, integer) TO dental_app;
