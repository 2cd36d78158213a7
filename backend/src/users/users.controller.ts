import { Controller, Get, Patch } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ClientMeta, CurrentUser, Roles } from '../common/auth/decorators.js';
import type { AuthUser, RequestMeta } from '../common/auth/auth-user.js';
import { ApiProblems, ApiResult, IdParam, ZodBody, ZodQuery } from '../common/validation.js';
import { UsersService } from './users.service.js';
import {
  type ListUsersQuery,
  listUsersQuerySchema,
  type UpdateUser,
  updateUserSchema,
  userListSchema,
  userViewSchema,
} from './users.schemas.js';

@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get('me')
  @ApiResult(200, userViewSchema)
  @ApiProblems(401)
  me(@CurrentUser() actor: AuthUser) {
    return this.users.me(actor);
  }

  @Get()
  @ApiResult(200, userListSchema)
  @ApiProblems(400, 401)
  list(@CurrentUser() actor: AuthUser, @ZodQuery(listUsersQuerySchema) query: ListUsersQuery) {
    return this.users.list(actor, query);
  }

  @Patch(':id')
  @Roles('OWNER', 'ADMIN')
  @ApiResult(200, userViewSchema)
  @ApiProblems(400, 401, 403, 404, 409)
  update(
    @CurrentUser() actor: AuthUser,
    @IdParam('id', 'User') id: string,
    @ZodBody(updateUserSchema) body: UpdateUser,
    @ClientMeta() meta: RequestMeta,
  ) {
    return this.users.update(actor, id, body, meta);
  }
}
