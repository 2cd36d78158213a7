import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const booleanFlag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const port = z.coerce.number().int().min(0).max(65535);
const positiveInt = z.coerce.number().int().positive();

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().default('127.0.0.1'),
  API_PORT: port.default(3000),
  WEB_PORT: port.default(3001),
  DATA_DIR: z.string().default('.data'),
  DATABASE_URL: z.url().optional(),
  APP_DATABASE_URL: z.url().optional(),
  DB_APP_PASSWORD: z.string().min(12).optional(),
  DB_POOL_SIZE: positiveInt.default(10),
  DB_LOCK_TIMEOUT_MS: positiveInt.default(5000),
  DB_STATEMENT_TIMEOUT_MS: positiveInt.default(30000),
  EMBEDDED_PG_PORT: port.default(54329),
  JWT_SECRET: z.string().min(32).optional(),
  ACCESS_TOKEN_TTL_SECONDS: positiveInt.default(900),
  REFRESH_TOKEN_TTL_DAYS: positiveInt.default(30),
  INVITE_EXPIRY_HOURS: positiveInt.default(72),
  COOKIE_SECURE: booleanFlag.optional(),
  TRUST_PROXY: z.string().default('false'),
  REQUEST_TIMEOUT_MS: positiveInt.default(300_000),
  HTTP_IDLE_TIMEOUT_MS: positiveInt.default(70_000),
  API_PROXY_SECRET: z.string().min(32).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  RATE_LIMIT_WINDOW_SECONDS: positiveInt.default(900),
  RATE_LIMIT_LOGIN_PER_IP: positiveInt.default(100),
  RATE_LIMIT_LOGIN_PER_EMAIL: positiveInt.default(10),
  RATE_LIMIT_SIGNUP_PER_IP: positiveInt.default(20),
  STORAGE_DRIVER: z.enum(['local', 's3']).default('local'),
  FILE_STORAGE_DIR: z.string().optional(),
  FILE_MAX_BYTES: positiveInt.default(25 * 1024 * 1024),
  FILE_RETENTION_DAYS: z.coerce.number().int().min(0).default(30),
  S3_ENDPOINT: z.url().optional(),
  S3_REGION: z.string().min(1).default('us-east-1'),
  S3_BUCKET: z.string().min(3).optional(),
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  S3_FORCE_PATH_STYLE: booleanFlag.default(false),
  S3_PRESIGNED_DOWNLOADS: booleanFlag.default(false),
  RATE_LIMIT_NAMESPACE: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,40}$/)
    .default('auth'),
  WEB_ORIGIN: z.url().optional(),
  // Worker (graphile-worker on the same PostgreSQL)
  WORKER_CONCURRENCY: positiveInt.max(200).default(64),
  WORKER_POLL_INTERVAL_MS: positiveInt.default(500),
  WORKER_REAP_AFTER_MS: positiveInt.default(5000),
  JOB_NAMESPACE: z
    .string()
    .regex(/^[A-Za-z0-9_-]{0,40}$/)
    .default(''),
  NOTIFICATION_MAX_ATTEMPTS: positiveInt.max(25).default(10),
  NOTIFICATION_BODY_RETENTION_DAYS: positiveInt.default(90),
  // Email
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'Must be an smtp:// or smtps:// URL')
    .optional(),
  MAIL_FROM: z.string().min(3).default('Dental clinic <no-reply@localhost>'),
  SMTP_MAX_CONNECTIONS: positiveInt.max(50).default(5),
  // SMS
  SMS_PROVIDER: z.enum(['twilio', 'unifonic', 'log']).optional(),
  SMS_TIMEOUT_MS: positiveInt.default(10000),
  TWILIO_ACCOUNT_SID: z.string().optional(),
  TWILIO_AUTH_TOKEN: z.string().optional(),
  TWILIO_FROM: z.string().optional(),
  TWILIO_MESSAGING_SERVICE_SID: z.string().optional(),
  TWILIO_API_URL: z.url().default('https://api.twilio.com'),
  UNIFONIC_APP_SID: z.string().optional(),
  UNIFONIC_SENDER_ID: z.string().optional(),
  UNIFONIC_API_URL: z.url().default('https://el.cloud.unifonic.com'),
});

export type AppConfig = ReturnType<typeof loadConfig>;

/**
 * Secrets this repository's .env.example once shipped (before the generated ones): public, so a
 * deployment that copied them must not start on them, in any mode.
 */
const PUBLISHED_SECRETS: Partial<Record<keyof z.infer<typeof envSchema>, readonly string[]>> = {
  JWT_SECRET: ['dev-only-jwt-secret-change-me-in-production-0123456789'],
  DB_APP_PASSWORD: ['dental_app_dev_password'],
};

/** Reads and validates the environment once; a bad variable stops the process with a clear message. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env) {
  // An empty variable (`SMTP_URL=` in a .env file, `${SMTP_URL:-}` in compose) means unset.
  const parsed = envSchema.safeParse(Object.fromEntries(Object.entries(env).filter(([, value]) => value !== '')));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  for (const [name, values] of Object.entries(PUBLISHED_SECRETS)) {
    if (values.includes(String(e[name as keyof typeof e]))) {
      throw new Error(
        `Invalid configuration: ${name} is a value published in this project's .env.example; anyone can read it. ` +
          `Set a random one (node -e "console.log(crypto.randomBytes(32).toString('base64url'))"), or unset it outside production to have one generated.`,
      );
    }
  }
  const production = e.NODE_ENV === 'production';
  if (production && !e.JWT_SECRET) {
    throw new Error('Invalid configuration: JWT_SECRET must be set in production');
  }
  if (e.STORAGE_DRIVER === 's3' && !e.S3_BUCKET) {
    throw new Error('Invalid configuration: STORAGE_DRIVER=s3 needs S3_BUCKET');
  }
  if (!e.S3_ACCESS_KEY_ID !== !e.S3_SECRET_ACCESS_KEY) {
    throw new Error('Invalid configuration: set both S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY, or neither (the AWS default credentials)');
  }
  if (production && !e.APP_DATABASE_URL && !e.DB_APP_PASSWORD) {
    throw new Error('Invalid configuration: set DB_APP_PASSWORD (or APP_DATABASE_URL) in production');
  }
  if (e.SMS_PROVIDER === 'twilio' && !(e.TWILIO_ACCOUNT_SID && e.TWILIO_AUTH_TOKEN && (e.TWILIO_FROM || e.TWILIO_MESSAGING_SERVICE_SID))) {
    throw new Error(
      'Invalid configuration: SMS_PROVIDER=twilio needs TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_FROM or TWILIO_MESSAGING_SERVICE_SID',
    );
  }
  if (e.SMS_PROVIDER === 'unifonic' && !e.UNIFONIC_APP_SID) {
    throw new Error('Invalid configuration: SMS_PROVIDER=unifonic needs UNIFONIC_APP_SID');
  }
  const shownHost = e.HOST === '0.0.0.0' ? 'localhost' : e.HOST;
  // npm runs workspace scripts inside backend/; paths a user gives are relative to where they ran npm.
  const baseDir = env.INIT_CWD ?? process.cwd();
  const dataDir = path.resolve(baseDir, e.DATA_DIR);
  const secrets = e.JWT_SECRET && (e.DB_APP_PASSWORD || e.APP_DATABASE_URL) ? undefined : localSecrets(dataDir, e.NODE_ENV);
  const jwtSecret = e.JWT_SECRET ?? secrets!.jwtSecret; // secrets is set whenever JWT_SECRET is not
  return {
    production,
    host: e.HOST,
    apiPort: e.API_PORT,
    webPort: e.WEB_PORT,
    dataDir,
    database: {
      url: e.DATABASE_URL,
      appUrl: e.APP_DATABASE_URL,
      /** dental_app's password, set at startup when APP_DATABASE_URL is not given. */
      appPassword: e.DB_APP_PASSWORD ?? secrets?.dbAppPassword,
      poolSize: e.DB_POOL_SIZE,
      lockTimeoutMs: e.DB_LOCK_TIMEOUT_MS,
      statementTimeoutMs: e.DB_STATEMENT_TIMEOUT_MS,
      embeddedPort: e.EMBEDDED_PG_PORT,
    },
    auth: {
      jwtSecret,
      accessTokenTtlSeconds: e.ACCESS_TOKEN_TTL_SECONDS,
      refreshTokenTtlDays: e.REFRESH_TOKEN_TTL_DAYS,
      inviteExpiryHours: e.INVITE_EXPIRY_HOURS,
      cookieSecure: e.COOKIE_SECURE ?? production,
    },
    rateLimit: {
      windowSeconds: e.RATE_LIMIT_WINDOW_SECONDS,
      loginPerIp: e.RATE_LIMIT_LOGIN_PER_IP,
      loginPerEmail: e.RATE_LIMIT_LOGIN_PER_EMAIL,
      signupPerIp: e.RATE_LIMIT_SIGNUP_PER_IP,
      namespace: e.RATE_LIMIT_NAMESPACE,
    },
    files: {
      driver: e.STORAGE_DRIVER,
      /** The local driver's folder. */
      dir: e.FILE_STORAGE_DIR ? path.resolve(baseDir, e.FILE_STORAGE_DIR) : path.join(dataDir, 'files'),
      maxBytes: e.FILE_MAX_BYTES,
      retentionDays: e.FILE_RETENTION_DAYS,
      s3: {
        endpoint: e.S3_ENDPOINT,
        region: e.S3_REGION,
        bucket: e.S3_BUCKET ?? '',
        credentials: e.S3_ACCESS_KEY_ID ? { accessKeyId: e.S3_ACCESS_KEY_ID, secretAccessKey: e.S3_SECRET_ACCESS_KEY! } : undefined,
        forcePathStyle: e.S3_FORCE_PATH_STYLE,
        /** Downloads answer 302 to a presigned URL (5 minutes) instead of streaming through the API. */
        presignedDownloads: e.S3_PRESIGNED_DOWNLOADS,
      },
    },
    trustProxy: parseTrustProxy(e.TRUST_PROXY),
    /** A client that has not sent its whole request by then is cut off (it never holds a database connection). */
    requestTimeoutMs: e.REQUEST_TIMEOUT_MS,
    /** A connection that sends nothing for this long, mid-request or idle, is closed (longer than keep-alive). */
    idleTimeoutMs: e.HTTP_IDLE_TIMEOUT_MS,
    /** Proves a request came through the web app's proxy (common/client-address.ts). */
    proxySecret: e.API_PROXY_SECRET,
    logLevel: e.LOG_LEVEL,
    /** Where links in emails point (invites): the web app. */
    webOrigin: (e.WEB_ORIGIN ?? `http://${shownHost}:${e.WEB_PORT}`).replace(/\/+$/, ''),
    worker: {
      concurrency: e.WORKER_CONCURRENCY,
      pollIntervalMs: e.WORKER_POLL_INTERVAL_MS,
      reapAfterMs: e.WORKER_REAP_AFTER_MS,
      /** Prefix of task names: workers only run the jobs of their own namespace (tests, shared databases). */
      namespace: e.JOB_NAMESPACE,
    },
    notifications: {
      maxAttempts: e.NOTIFICATION_MAX_ATTEMPTS,
      bodyRetentionDays: e.NOTIFICATION_BODY_RETENTION_DAYS,
      /**
       * Invite links are kept encrypted until sent; the key is derived from this secret. API and worker
       * must share it: JWT_SECRET, or the one generated into DATA_DIR/secrets.json they both read.
       */
      secretKeyMaterial: jwtSecret,
    },
    email: {
      /** Unset: emails are kept in the outbox (shown in the web app), not delivered. */
      smtpUrl: e.SMTP_URL,
      from: e.MAIL_FROM,
      maxConnections: e.SMTP_MAX_CONNECTIONS,
    },
    sms: {
      /** Unset: text messages are kept in the outbox. */
      provider: e.SMS_PROVIDER,
      timeoutMs: e.SMS_TIMEOUT_MS,
      twilio: {
        accountSid: e.TWILIO_ACCOUNT_SID ?? '',
        authToken: e.TWILIO_AUTH_TOKEN ?? '',
        from: e.TWILIO_FROM,
        messagingServiceSid: e.TWILIO_MESSAGING_SERVICE_SID,
        apiUrl: e.TWILIO_API_URL.replace(/\/+$/, ''),
      },
      unifonic: {
        appSid: e.UNIFONIC_APP_SID ?? '',
        senderId: e.UNIFONIC_SENDER_ID,
        apiUrl: e.UNIFONIC_API_URL.replace(/\/+$/, ''),
      },
    },
  };
}

interface LocalSecrets {
  jwtSecret: string;
  dbAppPassword: string;
}

const newSecret = () => randomBytes(32).toString('base64url');

/**
 * Secrets for a deployment that set none (a developer's `npm start`): generated at random on first start
 * and kept in DATA_DIR/secrets.json (mode 0600), so no installation signs tokens with a published key and
 * sessions survive restarts. Tests get fresh ones in memory. Production never gets here: it must set them.
 */
function localSecrets(dataDir: string, nodeEnv: string): LocalSecrets {
  if (nodeEnv === 'test') return { jwtSecret: newSecret(), dbAppPassword: newSecret() };
  const file = path.join(dataDir, 'secrets.json');
  const stored = readSecrets(file);
  if (stored) return stored;
  mkdirSync(dataDir, { recursive: true });
  const created = { jwtSecret: newSecret(), dbAppPassword: newSecret() };
  // Written whole under another name, then linked into place: a process starting alongside (the worker)
  // either wins the link or reads the complete file of the one that did.
  const draft = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(draft, `${JSON.stringify(created, null, 2)}\n`, { mode: 0o600 });
  try {
    linkSync(draft, file);
    return created;
  } catch (error) {
    const theirs = (error as { code?: string }).code === 'EEXIST' ? readSecrets(file) : undefined;
    if (theirs) return theirs;
    throw error;
  } finally {
    rmSync(draft, { force: true });
  }
}

function readSecrets(file: string): LocalSecrets | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return undefined;
    throw error;
  }
  const parsed = z.object({ jwtSecret: z.string().min(32), dbAppPassword: z.string().min(12) }).safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`${file} is not a valid secrets file: delete it to have new secrets generated`);
  return parsed.data;
}

/** Express's `trust proxy`: false, true, a hop count, or a list of addresses/subnets. */
function parseTrustProxy(value: string): boolean | number | string {
  if (value === 'true' || value === 'false') return value === 'true';
  if (/^\d+$/.test(value)) return Number(value);
  return value;
}

/** Injection token for the validated AppConfig. */
export const APP_CONFIG = Symbol('APP_CONFIG');
