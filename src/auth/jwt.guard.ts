import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AppError } from '../common/errors/app-error';
import { AppConfig } from '../config/app-config';
import { Credentials, RequestCredentials } from './request-credentials';
import { routeGroupOf } from './route-group';

/**
 * JWT_VALIDATION_ENABLED: every non-public route needs a valid Bearer access token (an admin
 * credential also passes). Admin routes pass here only when the API key guard is off or was
 * satisfied, so with JWT alone they are as protected as client routes.
 */
@Injectable()
export class JwtGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly config: AppConfig,
    private readonly credentials: RequestCredentials,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http' || !this.config.auth.jwtEnabled) {
      return true;
    }
    if (routeGroupOf(this.reflector, context) === 'public') {
      return true;
    }
    const presented = this.credentials.of(context.switchToHttp().getRequest<Parameters<RequestCredentials['of']>[0]>());
    if (presented.principal.role !== 'anonymous') {
      return true;
    }
    throw refusal(presented);
  }
}

function refusal(presented: Credentials): AppError {
  switch (presented.token.status) {
    case 'expired':
      return new AppError('TOKEN_EXPIRED', 'The access token has expired; refresh it');
    case 'invalid':
    case 'wrong_type':
      return new AppError('INVALID_TOKEN', 'The Bearer token is not a valid access token');
    case 'none':
    case 'valid':
      return new AppError('UNAUTHORIZED', 'This route needs a Bearer access token');
  }
}
