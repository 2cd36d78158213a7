import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Request } from 'express';
import type { Role } from '../../db/schema/enums.js';
import type { AuthUser, RequestMeta } from './auth-user.js';

export const IS_PUBLIC = 'auth:public';
export const ROLES = 'auth:roles';

/** The route needs no access token. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** Only these roles may call the route (403 for the others). */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES, roles);

export const CurrentUser = createParamDecorator((_data: unknown, context: ExecutionContext): AuthUser => {
  const user = context.switchToHttp().getRequest<Request>().user;
  if (!user) throw new Error('CurrentUser used on a route without authentication');
  return user;
});

export const ClientMeta = createParamDecorator((_data: unknown, context: ExecutionContext): RequestMeta => {
  const request = context.switchToHttp().getRequest<Request>();
  return { ip: request.ip, userAgent: request.get('user-agent')?.slice(0, 512) };
});
