import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import type { Role } from '../../db/schema/enums.js';
import { ForbiddenError } from '../errors.js';
import { ROLES } from './decorators.js';

/** Runs after JwtAuthGuard; enforces @Roles() where a route declares it. */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const allowed = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, [context.getHandler(), context.getClass()]);
    if (!allowed) return true;
    const user = context.switchToHttp().getRequest<FastifyRequest>().user;
    if (!user || !allowed.includes(user.role)) throw new ForbiddenError();
    return true;
  }
}
