import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ApiKeyGuard } from './api-key.guard';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { JwtGuard } from './jwt.guard';
import { MetricsKeyGuard } from './metrics-key.guard';
import { RequestCredentials } from './request-credentials';
import { SecurityWarnings } from './security-warnings';
import { TokenService } from './token.service';

/**
 * Tokens, API key and JWT guards. Global so the signaling admission and the rate-limit hook can
 * verify tokens without every module importing this one. The API key guard runs first.
 */
@Global()
@Module({
  controllers: [AuthController],
  providers: [
    AuthService,
    RequestCredentials,
    SecurityWarnings,
    TokenService,
    { provide: APP_GUARD, useClass: ApiKeyGuard },
    { provide: APP_GUARD, useClass: JwtGuard },
    { provide: APP_GUARD, useClass: MetricsKeyGuard },
  ],
  exports: [RequestCredentials, TokenService],
})
export class AuthModule {}
