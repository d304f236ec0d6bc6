import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AppConfig } from '../config/app-config';
import { accessRefusal, GuardSwitches } from './access-rules';
import { RequestCredentials } from './request-credentials';
import { routeGroupOf } from './route-group';

/**
 * JWT_VALIDATION_ENABLED and API_KEY_VALIDATION_ENABLED, applied together to every HTTP route by
 * its declared group (see access-rules.ts). Credentials are resolved on every guarded route, so the
 * principal decorator sees the caller there; public routes take no principal.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  private readonly switches: GuardSwitches;

  constructor(
    private readonly reflector: Reflector,
    config: AppConfig,
    private readonly credentials: RequestCredentials,
  ) {
    this.switches = {
      jwtEnabled: config.auth.jwtEnabled,
      apiKeyEnabled: config.auth.apiKeyEnabled,
      apiKeyHeader: config.auth.apiKeyHeader,
    };
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') {
      return true;
    }
    const group = routeGroupOf(this.reflector, context);
    if (group === 'public') {
      // Nothing to decide, and probes and token issuance must not wait on (or fail with) the
      // revocation store because a client happened to send a stale Bearer header.
      return true;
    }
    const request = context.switchToHttp().getRequest<Parameters<RequestCredentials['resolve']>[0]>();
    const refusal = accessRefusal(group, await this.credentials.resolve(request), this.switches);
    if (refusal) {
      throw refusal;
    }
    return true;
  }
}
