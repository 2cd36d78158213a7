import { Controller, Get, Patch } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { MANAGERS } from '@dental/shared';
import { CurrentActor, Roles } from '../common/auth/decorators.js';
import type { UserActor } from '../common/actor.js';
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
  me(@CurrentActor() actor: UserActor) {
    return this.users.me(actor);
  }

  @Get()
  @ApiResult(200, userListSchema)
  @ApiProblems(400, 401)
  list(@CurrentActor() actor: UserActor, @ZodQuery(listUsersQuerySchema) query: ListUsersQuery) {
    return this.users.list(actor, query);
  }

  @Patch(':id')
  @Roles(...MANAGERS)
  @ApiResult(200, userViewSchema)
  @ApiProblems(400, 401, 403, 404, 409)
  update(@CurrentActor() actor: UserActor, @IdParam('id', 'User') id: string, @ZodBody(updateUserSchema) body: UpdateUser) {
    return this.users.update(actor, id, body);
  }
}
