import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { Database } from '../db/database.js';
import { RateLimitedError } from '../common/errors.js';

/**
 * Brute-force limits on login and signup, per client IP and per email. The counters live in
 * PostgreSQL (table rate_limits), so every API process counts together.
 */
@Injectable()
export class AuthThrottle {
  private readonly loginByIp: RateLimiterPostgres;
  private readonly loginFailuresByEmail: RateLimiterPostgres;
  private readonly signupByIp: RateLimiterPostgres;
  private readonly signupByEmail: RateLimiterPostgres;
  private readonly acceptInviteByIp: RateLimiterPostgres;
  private readonly maxLoginFailures: number;

  constructor(@Inject(APP_CONFIG) config: AppConfig, database: Database) {
    const limiter = (name: string, points: number) =>
      new RateLimiterPostgres({
        storeClient: database.pool,
        tableName: 'rate_limits',
        tableCreated: true,
        keyPrefix: `${config.rateLimit.namespace}:${name}`,
        points,
        duration: config.rateLimit.windowSeconds,
      });
    this.maxLoginFailures = config.rateLimit.loginPerEmail;
    this.loginByIp = limiter('login-ip', config.rateLimit.loginPerIp);
    this.loginFailuresByEmail = limiter('login-email', this.maxLoginFailures);
    this.signupByIp = limiter('signup-ip', config.rateLimit.signupPerIp);
    this.signupByEmail = limiter('signup-email', config.rateLimit.loginPerEmail);
    this.acceptInviteByIp = limiter('accept-invite-ip', config.rateLimit.loginPerIp);
  }

  /** Every attempt counts against the IP; an email is blocked once it has too many recent failures. */
  async assertLoginAllowed(ip: string | undefined, email: string): Promise<void> {
    await consume(this.loginByIp, ipKey(ip));
    const failures = await this.loginFailuresByEmail.get(emailKey(email));
    if (failures && failures.consumedPoints >= this.maxLoginFailures) {
      throw new RateLimitedError(retryAfter(failures));
    }
  }

  async recordLoginFailure(email: string): Promise<void> {
    await this.loginFailuresByEmail.penalty(emailKey(email), 1);
  }

  async recordLoginSuccess(email: string): Promise<void> {
    await this.loginFailuresByEmail.delete(emailKey(email));
  }

  /** Accepting an invite guesses a secret, like a login: every attempt counts against the IP. */
  async assertInviteAcceptAllowed(ip: string | undefined): Promise<void> {
    await consume(this.acceptInviteByIp, ipKey(ip));
  }

  async assertSignupAllowed(ip: string | undefined, email: string): Promise<void> {
    await consume(this.signupByIp, ipKey(ip));
    await consume(this.signupByEmail, emailKey(email));
  }
}

const ipKey = (ip: string | undefined) => ip ?? 'unknown';
/** Emails are counted by hash: the table holds no addresses. */
const emailKey = (email: string) => createHash('sha256').update(email.trim().toLowerCase()).digest('base64url');
const retryAfter = (res: RateLimiterRes) => Math.max(1, Math.ceil(res.msBeforeNext / 1000));

async function consume(limiter: RateLimiterPostgres, key: string): Promise<void> {
  try {
    await limiter.consume(key);
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) throw new RateLimitedError(retryAfter(rejection));
    throw rejection;
  }
}
