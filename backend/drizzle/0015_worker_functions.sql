-- Functions of the background worker.
--
-- Its one look-up across clinics: which clinics exist and in which time zone, so a UTC cron tick can
-- start each clinic's daily jobs at the clinic's local time. Like the auth look-ups of 0001, it is a
-- SECURITY DEFINER function owned by a NOLOGIN role that may read only what it returns.
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
--> statement-breakpoint

-- The notification worker's two statements per batch, each one round trip (autocommit) instead of
-- three (begin and set the clinic; the statement; commit). Each sets the clinic itself, so row-level
-- security applies as in any tenant transaction. Measured: see docs/benchmarks.md, "Notifications".

-- Both update row by row through the primary key: one statement over the whole id list let the
-- planner's cached generic plan scan every message of the clinic (measured: ~1,800 buffers a call).

-- pending -> sending for the given rows that are due: a row is taken if pending, or if another worker's
-- claim is older than p_dead_before and that worker is dead (no liveness connection), or older than
-- p_expired_before (the lease) in any case.
CREATE FUNCTION notifications_claim(p_clinic_id text, p_ids text[], p_claimer text, p_now timestamptz,
                                    p_due_by timestamptz, p_dead_before timestamptz, p_expired_before timestamptz)
RETURNS TABLE (id text, type text, template text, locale text, recipient text, payload jsonb, attempts int)
LANGUAGE plpgsql AS $$
DECLARE v_id text;
BEGIN
  PERFORM set_config('app.clinic_id', p_clinic_id, true);
  FOREACH v_id IN ARRAY p_ids LOOP
    RETURN QUERY
      UPDATE notifications n
         SET status = 'sending', attempts = n.attempts + 1, claimed_by = p_claimer, claimed_at = p_now, updated_at = p_now
       WHERE n.clinic_id = p_clinic_id AND n.id = v_id
         AND (n.scheduled_for IS NULL OR n.scheduled_for <= p_due_by)
         AND (n.status = 'pending'
              OR (n.status = 'sending' AND n.claimed_at < p_dead_before
                  AND (n.claimed_at < p_expired_before OR NOT worker_pool_alive(n.claimed_by))))
      RETURNING n.id, n.type::text, n.template, n.locale, n.recipient, n.payload, n.attempts;
  END LOOP;
END
$$;
--> statement-breakpoint

-- sending -> sent for the rows this worker still holds. p_sent: [{id, sent_at, channel, provider_message_id, subject, body}]
CREATE FUNCTION notifications_mark_sent(p_clinic_id text, p_claimer text, p_sent json)
RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  v record;
  marked integer := 0;
BEGIN
  PERFORM set_config('app.clinic_id', p_clinic_id, true);
  FOR v IN SELECT * FROM json_to_recordset(p_sent)
      AS x(id text, sent_at timestamptz, channel text, provider_message_id text, subject text, body text) LOOP
    UPDATE notifications n
       SET status = 'sent', sent_at = v.sent_at, updated_at = v.sent_at, channel = v.channel,
           provider_message_id = v.provider_message_id, subject = v.subject, body = v.body, error = NULL
     WHERE n.clinic_id = p_clinic_id AND n.id = v.id AND n.status = 'sending' AND n.claimed_by = p_claimer;
    IF FOUND THEN marked := marked + 1; END IF;
  END LOOP;
  RETURN marked;
END
$$;
--> statement-breakpoint

-- A notification's row changes twice while it is sent (sending, sent); with room left on its page and
-- no indexed column changed, PostgreSQL updates it in place (HOT) instead of adding index entries.
ALTER TABLE notifications SET (fillfactor = 70);
