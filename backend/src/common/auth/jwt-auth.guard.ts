import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { AccessTokenService } from '../../auth/access-token.service.js';
import { CsrfTokens } from '../../auth/csrf-tokens.js';
import { UnauthorizedError } from '../errors.js';
import { ACCESS_COOKIE, assertCsrf, readCookie } from './cookies.js';
import { IS_PUBLIC } from './decorators.js';

/**
 * Global guard: every route needs a valid access token unless marked @Public(). The token comes from
 * `Authorization: Bearer` (no CSRF needed) or the access_token cookie (the session's CSRF token checked).
 */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly accessTokens: AccessTokenService,
    private readonly csrf: CsrfTokens,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()])) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const bearer = bearerToken(request);
    const token = bearer ?? readCookie(request, ACCESS_COOKIE);
    if (!token) throw new UnauthorizedError();
    const user = this.accessTokens.verify(token);
    request.user = user;
    if (!bearer) assertCsrf(request, (header) => this.csrf.matches(user.sessionId, header));
    return true;
  }
}

function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) throw new UnauthorizedError('The Authorization header must be "Bearer <token>".');
  return match[1];
}
