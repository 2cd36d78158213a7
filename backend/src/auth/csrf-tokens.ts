import { createHmac, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/config.js';

/**
 * CSRF tokens bound to the login session: the token is an HMAC of the session id, so only the server
 * can make the one that matches a session. A token an attacker planted in a cookie (with a header to
 * match) belongs to no session of the victim and is refused, which a plain double-submit pair is not.
 */
@Injectable()
export class CsrfTokens {
  private readonly key: Buffer;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    // A key of its own, derived from the signing secret, so a CSRF token never doubles as anything else.
    this.key = createHmac('sha256', config.auth.jwtSecret).update('csrf-token-key').digest();
  }

  forSession(sessionId: string): string {
    return createHmac('sha256', this.key).update(sessionId).digest('base64url');
  }

  matches(sessionId: string, presented: string | undefined): boolean {
    if (!presented) return false;
    const expected = Buffer.from(this.forSession(sessionId));
    const given = Buffer.from(presented);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }
}
