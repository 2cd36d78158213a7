import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { ClinicsModule } from '../clinics/clinics.module.js';
import { SessionsModule } from '../sessions/sessions.module.js';
import { UsersModule } from '../users/users.module.js';
import { AccessTokenService } from './access-token.service.js';
import { AuthThrottle } from './auth-throttle.js';
import { AuthController } from './auth.controller.js';
import { AuthService } from './auth.service.js';
import { CsrfTokens } from './csrf-tokens.js';
import { InvitesRepository } from './invites.repository.js';
import { InvitesService } from './invites.service.js';
import { PasswordHasher } from './password-hasher.js';
import { SessionCookies } from './session-cookies.js';

@Module({
  imports: [AuditModule, ClinicsModule, SessionsModule, UsersModule],
  controllers: [AuthController],
  providers: [AuthService, CsrfTokens, InvitesService, InvitesRepository, AccessTokenService, PasswordHasher, AuthThrottle, SessionCookies],
  exports: [AccessTokenService, CsrfTokens],
})
export class AuthModule {}
