import { Inject, Injectable } from '@nestjs/common';
import { errors, jwtVerify, SignJWT } from 'jose';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { ROLES, type Role } from '../db/schema/enums.js';
import type { AuthUser } from '../common/auth/auth-user.js';
import { UnauthorizedError } from '../common/errors.js';

const ISSUER = 'dental-api';
const ALGORITHM = 'HS256';

export interface SignedAccessToken {
  token: string;
  expiresAt: Date;
}

/** Short-lived JWT access tokens carrying user, clinic and role. */
@Injectable()
export class AccessTokenService {
  private readonly key: Uint8Array;
  private readonly ttlSeconds: number;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.key = new TextEncoder().encode(config.auth.jwtSecret);
    this.ttlSeconds = config.auth.accessTokenTtlSeconds;
  }

  async sign(user: AuthUser): Promise<SignedAccessToken> {
    const expiresAt = new Date(Date.now() + this.ttlSeconds * 1000);
    const token = await new SignJWT({ cid: user.clinicId, role: user.role })
      .setProtectedHeader({ alg: ALGORITHM })
      .setSubject(user.userId)
      .setIssuer(ISSUER)
      .setIssuedAt()
      .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
      .sign(this.key);
    return { token, expiresAt };
  }

  async verify(token: string): Promise<AuthUser> {
    try {
      const { payload } = await jwtVerify(token, this.key, { issuer: ISSUER, algorithms: [ALGORITHM] });
      const { sub, cid, role } = payload;
      if (typeof sub !== 'string' || typeof cid !== 'string' || !ROLES.includes(role as Role)) {
        throw new UnauthorizedError('The access token is not valid.');
      }
      return { userId: sub, clinicId: cid, role: role as Role };
    } catch (error) {
      if (error instanceof UnauthorizedError) throw error;
      if (error instanceof errors.JWTExpired) throw new UnauthorizedError('The access token has expired.', 'token-expired');
      throw new UnauthorizedError('The access token is not valid.');
    }
  }
}
