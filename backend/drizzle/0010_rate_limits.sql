-- Counters of the login/signup rate limits (rate-limiter-flexible's PostgreSQL store), shared by every
-- API process. Not tenant data: keys are an IP or a SHA-256 of an email, so no RLS; expired rows are
-- deleted by the limiter itself.
CREATE TABLE rate_limits (
  key varchar(255) PRIMARY KEY,
  points integer NOT NULL DEFAULT 0,
  expire bigint
);
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON rate_limits TO dental_app;
