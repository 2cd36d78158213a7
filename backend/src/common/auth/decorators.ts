import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Role } from '@dental/shared';
import { type RequestMeta, type UserActor, userActor } from '../actor.js';

export const IS_PUBLIC = 'auth:public';
export const ROLES = 'auth:roles';

/** The route needs no access token. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** Only these roles may call the route (403 for the others). */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES, roles);

export function requestMeta(request: FastifyRequest): RequestMeta {
  return { ip: request.clientIp, userAgent: request.headers['user-agent']?.slice(0, 512) };
}

/** The authenticated staff member with the request's origin: who every use case acts for. */
export const CurrentActor = createParamDecorator((_data: unknown, context: ExecutionContext): UserActor => {
  const request = context.switchToHttp().getRequest<FastifyRequest>();
  if (!request.user) throw new Error('CurrentActor used on a route without authentication');
  return userActor(request.user, requestMeta(request));
});

/** Where an unauthenticated request (signup, login) came from. */
export const ClientMeta = createParamDecorator((_data: unknown, context: ExecutionContext): RequestMeta => {
  return requestMeta(context.switchToHttp().getRequest<FastifyRequest>());
});
