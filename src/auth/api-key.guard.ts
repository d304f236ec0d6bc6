import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AppError } from '../common/errors/app-error';
import { AppConfig } from '../config/app-config';
import { RequestCredentials } from './request-credentials';
import { routeGroupOf } from './route-group';

/**
 * API_KEY_VALIDATION_ENABLED: admin routes need COORDINATOR_API_KEY in the key header, or a token
 * with role admin. Owner routes need it too while JWT is off (no identity to check ownership by).
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly config: AppConfig,
    private readonly credentials: RequestCredentials,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') {
      return true;
    }
    const request = context.switchToHttp().getRequest<Parameters<RequestCredentials['of']>[0]>();
    // Always resolve, so the principal decorator sees the caller on every route.
    const presented = this.credentials.of(request);
    const { apiKeyEnabled, jwtEnabled } = this.config.auth;
    const group = routeGroupOf(this.reflector, context);
    const needsKey = group === 'admin' || (group === 'owner' && !jwtEnabled);
    if (!apiKeyEnabled || !needsKey || presented.principal.role === 'admin') {
      return true;
    }
    if (presented.apiKey === 'invalid') {
      throw new AppError('INVALID_API_KEY', 'Invalid API key');
    }
    throw new AppError('UNAUTHORIZED', `This route needs the API key in the ${this.config.auth.apiKeyHeader} header`);
  }
}
