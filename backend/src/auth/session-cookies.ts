import { Inject, Injectable } from '@nestjs/common';
import type { CookieSerializeOptions } from '@fastify/cookie';
import type { FastifyReply } from 'fastify';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { ACCESS_COOKIE, ACCESS_COOKIE_PATH, CSRF_COOKIE, REFRESH_COOKIE, REFRESH_COOKIE_PATH } from '../common/auth/cookies.js';
import type { SignedAccessToken } from './access-token.service.js';
import type { IssuedRefreshToken } from '../sessions/sessions.service.js';
import { CsrfTokens } from './csrf-tokens.js';

/** Writes and clears the session cookies: two HttpOnly tokens plus the readable CSRF token of the session. */
@Injectable()
export class SessionCookies {
  private readonly secure: boolean;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly csrf: CsrfTokens,
  ) {
    this.secure = config.auth.cookieSecure;
  }

  write(response: FastifyReply, access: SignedAccessToken, refresh: IssuedRefreshToken): void {
    const base: CookieSerializeOptions = { secure: this.secure, sameSite: 'lax' };
    response.setCookie(ACCESS_COOKIE, access.token, { ...base, httpOnly: true, path: ACCESS_COOKIE_PATH, expires: access.expiresAt });
    response.setCookie(REFRESH_COOKIE, refresh.token, { ...base, httpOnly: true, path: REFRESH_COOKIE_PATH, expires: refresh.expiresAt });
    response.setCookie(CSRF_COOKIE, this.csrf.forSession(refresh.sessionId), {
      ...base,
      httpOnly: false,
      path: '/',
      expires: refresh.expiresAt,
    });
  }

  /** Expired as Express's clearCookie wrote them (no Max-Age, unlike @fastify/cookie's clearCookie). */
  clear(response: FastifyReply): void {
    const base: CookieSerializeOptions = { secure: this.secure, sameSite: 'lax', expires: new Date(1) };
    response.setCookie(ACCESS_COOKIE, '', { ...base, httpOnly: true, path: ACCESS_COOKIE_PATH });
    response.setCookie(REFRESH_COOKIE, '', { ...base, httpOnly: true, path: REFRESH_COOKIE_PATH });
    response.setCookie(CSRF_COOKIE, '', { ...base, path: '/' });
  }
}
