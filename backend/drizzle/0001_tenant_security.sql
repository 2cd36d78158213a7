-- Tenant security and integrity rules that drizzle-kit cannot express: roles, grants, forced
-- row-level security, exclusion constraints against double booking, and the few SECURITY DEFINER
-- look-ups that authentication needs before it knows the caller's clinic.

CREATE EXTENSION IF NOT EXISTS btree_gist;
--> statement-breakpoint

-- dental_app: the role the API and worker connect as. It owns nothing, so RLS always applies to it.
-- dental_auth: owns the auth look-up functions below; it may read only the three auth tables.
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'dental_app') THEN
    CREATE ROLE dental_app NOLOGIN;
  END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'dental_auth') THEN
    CREATE ROLE dental_auth NOLOGIN;
  END IF;
END
$$;
--> statement-breakpoint

GRANT USAGE ON SCHEMA public TO dental_app, dental_auth;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO dental_app;
--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO dental_app;
--> statement-breakpoint
-- The audit log is append-only for the application.
REVOKE UPDATE, DELETE, TRUNCATE ON audit_logs FROM dental_app;
--> statement-breakpoint
GRANT SELECT ON users, refresh_tokens, invites TO dental_auth;
--> statement-breakpoint

-- Forced row-level security on every tenant table: a query sees and writes only rows of the clinic
-- set by the request's transaction (set_config('app.clinic_id', ..., true)), even if it forgot its filter.
DO $$
DECLARE
  tenant_table text;
BEGIN
  FOR tenant_table IN
    SELECT c.table_name FROM information_schema.columns c
    JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
    WHERE c.table_schema = 'public' AND c.column_name = 'clinic_id' AND t.table_type = 'BASE TABLE'
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', tenant_table);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', tenant_table);
    EXECUTE format(
      'CREATE POLICY tenant_isolation ON %I USING (clinic_id = current_setting(''app.clinic_id'', true)) '
      'WITH CHECK (clinic_id = current_setting(''app.clinic_id'', true))',
      tenant_table);
  END LOOP;
END
$$;
--> statement-breakpoint
ALTER TABLE clinics ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE clinics FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON clinics
  USING (id = current_setting('app.clinic_id', true))
  WITH CHECK (id = current_setting('app.clinic_id', true));
--> statement-breakpoint

CREATE POLICY auth_lookup ON users FOR SELECT TO dental_auth USING (true);
--> statement-breakpoint
CREATE POLICY auth_lookup ON refresh_tokens FOR SELECT TO dental_auth USING (true);
--> statement-breakpoint
CREATE POLICY auth_lookup ON invites FOR SELECT TO dental_auth USING (true);
--> statement-breakpoint

CREATE FUNCTION auth_find_user_by_email(p_email text)
RETURNS TABLE (id text, clinic_id text, password_hash text, role role, status user_status)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
  SELECT u.id, u.clinic_id, u.password_hash, u.role, u.status FROM users u WHERE lower(u.email) = lower(p_email)
$$;
--> statement-breakpoint
CREATE FUNCTION auth_find_refresh_token(p_token_hash text)
RETURNS TABLE (id text, clinic_id text, user_id text, family_id text, expires_at timestamptz, revoked_at timestamptz)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
  SELECT r.id, r.clinic_id, r.user_id, r.family_id, r.expires_at, r.revoked_at
  FROM refresh_tokens r WHERE r.token_hash = p_token_hash
$$;
--> statement-breakpoint
CREATE FUNCTION auth_find_invite(p_token_hash text)
RETURNS TABLE (id text, clinic_id text, email text, role role, first_name text, last_name text,
               expires_at timestamptz, accepted_at timestamptz, revoked_at timestamptz)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
  SELECT i.id, i.clinic_id, i.email, i.role, i.first_name, i.last_name, i.expires_at, i.accepted_at, i.revoked_at
  FROM invites i WHERE i.token_hash = p_token_hash
$$;
--> statement-breakpoint
ALTER FUNCTION auth_find_user_by_email(text) OWNER TO dental_auth;
--> statement-breakpoint
ALTER FUNCTION auth_find_refresh_token(text) OWNER TO dental_auth;
--> statement-breakpoint
ALTER FUNCTION auth_find_invite(text) OWNER TO dental_auth;
--> statement-breakpoint
REVOKE EXECUTE ON FUNCTION auth_find_user_by_email(text), auth_find_refresh_token(text), auth_find_invite(text) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION auth_find_user_by_email(text), auth_find_refresh_token(text), auth_find_invite(text) TO dental_app;
--> statement-breakpoint

-- No double booking: two active appointments of one dentist, one room or one patient never overlap.
ALTER TABLE appointments ADD CONSTRAINT appointments_dentist_no_overlap
  EXCLUDE USING gist (clinic_id WITH =, dentist_id WITH =, tstzrange(start_at, end_at, '[)') WITH &&)
  WHERE (status NOT IN ('cancelled', 'no_show'));
--> statement-breakpoint
ALTER TABLE appointments ADD CONSTRAINT appointments_room_no_overlap
  EXCLUDE USING gist (clinic_id WITH =, room WITH =, tstzrange(start_at, end_at, '[)') WITH &&)
  WHERE (room IS NOT NULL AND status NOT IN ('cancelled', 'no_show'));
--> statement-breakpoint
ALTER TABLE appointments ADD CONSTRAINT appointments_patient_no_overlap
  EXCLUDE USING gist (clinic_id WITH =, patient_id WITH =, tstzrange(start_at, end_at, '[)') WITH &&)
  WHERE (status NOT IN ('cancelled', 'no_show'));
