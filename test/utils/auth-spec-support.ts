import { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AppConfig, loadConfig } from '../../src/config/app-config';
import { RequestCredentials } from '../../src/auth/request-credentials';
import { RouteGroup } from '../../src/auth/route-group.decorator';
import { TokenService } from '../../src/auth/token.service';

/** Shared by the auth unit specs: a config, real token and credential services, fake contexts. */
export const SPEC_SECRET = 'unit-test-secret-that-is-long-enough-000';
export const SPEC_KEY = 'unit-test-api-key-that-is-long-enough-000';

export function specServices(env: Record<string, string> = {}): { config: AppConfig; tokens: TokenService; credentials: RequestCredentials } {
  const config = loadConfig({ JWT_SECRET_KEY: SPEC_SECRET, COORDINATOR_API_KEY: SPEC_KEY, EMBEDDED_DATA_DIR: 'memory://', ...env });
  const tokens = new TokenService(config);
  return { config, tokens, credentials: new RequestCredentials(config, tokens) };
}

export function fakeReflector(group: RouteGroup | undefined): Reflector {
  return { getAllAndOverride: () => group } as unknown as Reflector;
}

export function httpContext(headers: Record<string, string>, url = '/api/v1/zones/'): ExecutionContext {
  const request = { headers, url };
  return {
    getType: () => 'http',
    getHandler: () => httpContext,
    getClass: () => Object,
    switchToHttp: () => ({ getRequest: () => request }),
  } as unknown as ExecutionContext;
}
