import { Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { MANAGERS } from '@dental/shared';
import { ClientMeta, CurrentActor, Public, Roles } from '../common/auth/decorators.js';
import type { RequestMeta, UserActor } from '../common/actor.js';
import { csrfHeaderToCheck, readCookie, REFRESH_COOKIE } from '../common/auth/cookies.js';
import { ForbiddenError } from '../common/errors.js';
import { rateLimitedProblemSchema } from '../common/schemas.js';
import { ApiNoContent, ApiProblems, ApiResult, ZodBody } from '../common/validation.js';
import { AuthService, type Session } from './auth.service.js';
import { InvitesService } from './invites.service.js';
import { SessionCookies } from './session-cookies.js';
import {
  type AcceptInviteInput,
  acceptInviteSchema,
  emptyBodySchema,
  type InviteInput,
  inviteSchema,
  inviteViewSchema,
  type LoginInput,
  loginSchema,
  sessionViewSchema,
  type SignupInput,
  signupSchema,
  signupViewSchema,
} from './auth.schemas.js';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly invites: InvitesService,
    private readonly cookies: SessionCookies,
  ) {}

  @Post('signup')
  @Public()
  @ApiResult(201, signupViewSchema, 'Clinic and Owner created; session cookies set')
  @ApiProblems(400, 409, [429, rateLimitedProblemSchema])
  async signup(@ZodBody(signupSchema) body: SignupInput, @ClientMeta() meta: RequestMeta, @Res({ passthrough: true }) res: FastifyReply) {
    const session = await this.auth.signup(body, meta);
    return { clinic: session.clinic, ...this.open(res, session) };
  }

  @Post('login')
  @Public()
  @HttpCode(200)
  @ApiResult(200, sessionViewSchema, 'Logged in; session cookies set')
  @ApiProblems(400, 401, [429, rateLimitedProblemSchema])
  async login(@ZodBody(loginSchema) body: LoginInput, @ClientMeta() meta: RequestMeta, @Res({ passthrough: true }) res: FastifyReply) {
    return this.open(res, await this.auth.login(body, meta));
  }

  @Post('refresh')
  @Public()
  @HttpCode(200)
  @ApiResult(200, sessionViewSchema, 'Refresh token rotated; new cookies set')
  @ApiProblems(400, 401, 403)
  async refresh(
    @ZodBody(emptyBodySchema) _body: unknown,
    @Req() req: FastifyRequest,
    @ClientMeta() meta: RequestMeta,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    const refreshToken = readCookie(req, REFRESH_COOKIE);
    try {
      return this.open(res, await this.auth.refresh(refreshToken, csrfHeaderToCheck(req).header, meta));
    } catch (error) {
      // A refused CSRF token is someone else's request: it must not end the user's session.
      if (!(error instanceof ForbiddenError)) this.cookies.clear(res);
      throw error;
    }
  }

  @Post('logout')
  @Public()
  @HttpCode(204)
  @ApiNoContent('Session revoked; cookies cleared')
  @ApiProblems(400, 401, 403)
  async logout(
    @ZodBody(emptyBodySchema) _body: unknown,
    @Req() req: FastifyRequest,
    @ClientMeta() meta: RequestMeta,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    const refreshToken = readCookie(req, REFRESH_COOKIE);
    await this.auth.logout(refreshToken, csrfHeaderToCheck(req).header, meta);
    this.cookies.clear(res);
  }

  @Post('invite')
  @Roles(...MANAGERS)
  @ApiBearerAuth()
  @ApiResult(201, inviteViewSchema, 'Invite created; send inviteToken to the invitee')
  @ApiProblems(400, 401, 403, 409)
  invite(@CurrentActor() actor: UserActor, @ZodBody(inviteSchema) body: InviteInput) {
    return this.invites.create(actor, body);
  }

  @Post('accept-invite')
  @Public()
  @ApiResult(201, sessionViewSchema, 'Account created; session cookies set')
  @ApiProblems(400, 409, 410, [429, rateLimitedProblemSchema])
  async acceptInvite(
    @ZodBody(acceptInviteSchema) body: AcceptInviteInput,
    @ClientMeta() meta: RequestMeta,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    return this.open(res, await this.auth.acceptInvite(body, meta));
  }

  private open(res: FastifyReply, session: Session) {
    this.cookies.write(res, session.accessToken, session.refreshToken);
    return {
      user: session.user,
      accessToken: session.accessToken.token,
      accessTokenExpiresAt: session.accessToken.expiresAt.toISOString(),
    };
  }
}
