import { Inject, Injectable } from '@nestjs/common';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { RateLimitedError } from '../common/errors.js';

/**
 * Brute-force limits on login and signup, per client IP and per email. Counters live in this process:
 * behind several API replicas each replica counts on its own (see README, Scaling).
 */
@Injectable()
export class AuthThrottle {
  private readonly loginByIp: RateLimiterMemory;
  private readonly loginFailuresByEmail: RateLimiterMemory;
  private readonly signupByIp: RateLimiterMemory;
  private readonly signupByEmail: RateLimiterMemory;
  private readonly maxLoginFailures: number;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    const duration = config.rateLimit.windowSeconds;
    this.maxLoginFailures = config.rateLimit.loginPerEmail;
    this.loginByIp = new RateLimiterMemory({ points: config.rateLimit.loginPerIp, duration });
    this.loginFailuresByEmail = new RateLimiterMemory({ points: this.maxLoginFailures, duration });
    this.signupByIp = new RateLimiterMemory({ points: config.rateLimit.signupPerIp, duration });
    this.signupByEmail = new RateLimiterMemory({ points: config.rateLimit.loginPerEmail, duration });
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

  async assertSignupAllowed(ip: string | undefined, email: string): Promise<void> {
    await consume(this.signupByIp, ipKey(ip));
    await consume(this.signupByEmail, emailKey(email));
  }
}

const ipKey = (ip: string | undefined) => ip ?? 'unknown';
const emailKey = (email: string) => email.trim().toLowerCase();
const retryAfter = (res: RateLimiterRes) => Math.max(1, Math.ceil(res.msBeforeNext / 1000));

async function consume(limiter: RateLimiterMemory, key: string): Promise<void> {
  try {
    await limiter.consume(key);
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) throw new RateLimitedError(retryAfter(rejection));
    throw rejection;
  }
}
