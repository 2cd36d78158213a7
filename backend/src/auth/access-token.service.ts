import { Inject, Injectable } from '@nestjs/common';
import { createSigner, createVerifier, TokenError } from 'fast-jwt';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { ROLES, type Role } from '../db/schema/enums.js';
import type { AuthUser } from '../common/auth/auth-user.js';
import { Clock } from '../common/clock.js';
import { UnauthorizedError } from '../common/errors.js';

export const ACCESS_TOKEN_ISSUER = 'dental-api';

export interface SignedAccessToken {
  token: string;
  expiresAt: Date;
}

interface AccessClaims {
  sub: string;
  cid: string;
  role: Role;
  sid: string;
  exp: number;
}

/**
 * Short-lived HS256 JWT access tokens carrying user, clinic and role. fast-jwt verifies synchronously
 * with node:crypto (a few µs); this runs on every authenticated request.
 */
@Injectable()
export class AccessTokenService {
  private readonly signer: (claims: Record<string, unknown>) => string;
  private readonly verifier: (token: string) => AccessClaims;
  private readonly ttlMs: number;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly clock: Clock,
  ) {
    const key = config.auth.jwtSecret;
    this.ttlMs = config.auth.accessTokenTtlSeconds * 1000;
    // Issue and expiry times come from the injected clock, so both are stamped and checked here.
    this.signer = createSigner({ key, algorithm: 'HS256', iss: ACCESS_TOKEN_ISSUER, noTimestamp: true });
    // Verified tokens are cached (LRU; expiry is checked here on every use): a client sends the same token
    // for up to 15 minutes, and the HMAC and the claims' parsing are then done once.
    this.verifier = createVerifier({
      cache: 1000,
      key,
      algorithms: ['HS256'],
      allowedIss: ACCESS_TOKEN_ISSUER,
      requiredClaims: ['exp'],
      ignoreExpiration: true,
      ignoreNotBefore: true,
    });
  }

  sign(user: AuthUser): SignedAccessToken {
    const now = this.clock.nowMs();
    const expiresAt = now + this.ttlMs;
    const token = this.signer({
      sub: user.userId,
      cid: user.clinicId,
      role: user.role,
      sid: user.sessionId,
      iat: Math.floor(now / 1000),
      exp: Math.floor(expiresAt / 1000),
    });
    return { token, expiresAt: new Date(expiresAt) };
  }

  verify(token: string): AuthUser {
    let claims: AccessClaims;
    try {
      claims = this.verifier(token);
    } catch (error) {
      if (error instanceof TokenError && error.code === TokenError.codes.expired) {
        throw new UnauthorizedError('The access token has expired.', 'token-expired');
      }
      throw new UnauthorizedError('The access token is not valid.');
    }
    if (typeof claims.exp !== 'number' || claims.exp * 1000 <= this.clock.nowMs()) {
      throw new UnauthorizedError('The access token has expired.', 'token-expired');
    }
    const { sub, cid, role, sid } = claims;
    if (typeof sub !== 'string' || typeof cid !== 'string' || typeof sid !== 'string' || !ROLES.includes(role)) {
      throw new UnauthorizedError('The access token is not valid.');
    }
    return { userId: sub, clinicId: cid, role, sessionId: sid };
  }
}
