-- The worker's one look-up across clinics: which clinics exist and in which time zone, so a UTC cron
-- tick can start each clinic's daily jobs at the clinic's local time. Like the auth look-ups of 0001,
-- it is a SECURITY DEFINER function owned by a NOLOGIN role that may read only what it returns.
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
GRANT SELECT (id, timezone) ON clinics TO dental_jobs;
--> statement-breakpoint
CREATE POLICY jobs_lookup ON clinics FOR SELECT TO dental_jobs USING (true);
--> statement-breakpoint
CREATE FUNCTION jobs_clinic_time_zones()
RETURNS TABLE (clinic_id text, timezone text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
  SELECT c.id, c.timezone FROM clinics c
$$;
--> statement-breakpoint
ALTER FUNCTION jobs_clinic_time_zones() OWNER TO dental_jobs;
--> statement-breakpoint
REVOKE EXECUTE ON FUNCTION jobs_clinic_time_zones() FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION jobs_clinic_time_zones() TO dental_app;
