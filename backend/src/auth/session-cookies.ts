import { Inject, Injectable } from '@nestjs/common';
import type { CookieOptions, Response } from 'express';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { ACCESS_COOKIE, ACCESS_COOKIE_PATH, CSRF_COOKIE, REFRESH_COOKIE, REFRESH_COOKIE_PATH } from '../common/auth/cookies.js';
import type { SignedAccessToken } from './access-token.service.js';
import type { IssuedRefreshToken } from '../sessions/sessions.service.js';
import { newSecretToken } from './secret-tokens.js';

/** Writes and clears the session cookies: two HttpOnly tokens plus the readable CSRF token. */
@Injectable()
export class SessionCookies {
  private readonly secure: boolean;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.secure = config.auth.cookieSecure;
  }

  write(response: Response, access: SignedAccessToken, refresh: IssuedRefreshToken): void {
    const base: CookieOptions = { secure: this.secure, sameSite: 'lax' };
    response.cookie(ACCESS_COOKIE, access.token, { ...base, httpOnly: true, path: ACCESS_COOKIE_PATH, expires: access.expiresAt });
    response.cookie(REFRESH_COOKIE, refresh.token, { ...base, httpOnly: true, path: REFRESH_COOKIE_PATH, expires: refresh.expiresAt });
    response.cookie(CSRF_COOKIE, newSecretToken(), { ...base, httpOnly: false, path: '/', expires: refresh.expiresAt });
  }

  clear(response: Response): void {
    const base: CookieOptions = { secure: this.secure, sameSite: 'lax' };
    response.clearCookie(ACCESS_COOKIE, { ...base, httpOnly: true, path: ACCESS_COOKIE_PATH });
    response.clearCookie(REFRESH_COOKIE, { ...base, httpOnly: true, path: REFRESH_COOKIE_PATH });
    response.clearCookie(CSRF_COOKIE, { ...base, path: '/' });
  }
}
