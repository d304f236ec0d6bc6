import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { BansModule } from '../bans/bans.module';
import { IdentityModule } from '../identity/identity.module';
import { AccessGuard } from './access.guard';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { MetricsKeyGuard } from './metrics-key.guard';
import { RequestCredentials } from './request-credentials';
import { SecurityWarnings } from './security-warnings';
import { TokenRevocation } from './token-revocation.service';
import { TokenService } from './token.service';

/**
 * Tokens (issue, rotating refresh, logout, revocation) and the access guard. Global so the
 * signaling admission and the rate-limit hook can verify tokens without every module importing it.
 */
@Global()
@Module({
  imports: [BansModule, IdentityModule],
  controllers: [AuthController],
  providers: [
    AuthService,
    RequestCredentials,
    SecurityWarnings,
    TokenRevocation,
    TokenService,
    { provide: APP_GUARD, useClass: AccessGuard },
    { provide: APP_GUARD, useClass: MetricsKeyGuard },
  ],
  exports: [RequestCredentials, TokenRevocation, TokenService],
})
export class AuthModule {}
