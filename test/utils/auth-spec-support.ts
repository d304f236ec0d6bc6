import { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { BanList } from '../../src/bans/ban-list';
import { AppConfig, loadConfig } from '../../src/config/app-config';
import { RequestCredentials } from '../../src/auth/request-credentials';
import { RouteGroup } from '../../src/auth/route-group.decorator';
import { TokenRevocation } from '../../src/auth/token-revocation.service';
import { TokenService } from '../../src/auth/token.service';
import { IdentityService } from '../../src/identity/identity.service';
import { MemoryTokenStore } from '../../src/state/memory/token.memory.store';

/** Shared by the auth unit specs: a config, real token and credential services, fake contexts. */
export const SPEC_SECRET = 'unit-test-secret-that-is-long-enough-000';
export const SPEC_KEY = 'unit-test-api-key-that-is-long-enough-000';

export interface SpecServices {
  config: AppConfig;
  tokens: TokenService;
  store: MemoryTokenStore;
  revocation: TokenRevocation;
  credentials: RequestCredentials;
  /** Empty unless a spec applies bans to it. */
  bans: BanList;
}

export function specServices(env: Record<string, string> = {}): SpecServices {
  const config = loadConfig({
    JWT_SECRET_KEY: SPEC_SECRET,
    COORDINATOR_API_KEY: SPEC_KEY,
    EMBEDDED_DATA_DIR: 'memory://',
    ...env,
  });
  const tokens = new TokenService(config);
  const store = new MemoryTokenStore();
  const revocation = new TokenRevocation(store, tokens);
  const bans = new BanList({ active: () => Promise.resolve([]) });
  return {
    config,
    tokens,
    store,
    revocation,
    credentials: new RequestCredentials(config, tokens, revocation, bans),
    bans,
  };
}

/**
 * An IdentityService standing in for rAthena in unit specs: vouches for every peer `refuse` answers
 * nothing for, and records each call. The real one is tested against MariaDB.
 */
export function fakeIdentity(
  enabled: boolean,
  refuse: (peerId: string) => Error | undefined = () => undefined,
): IdentityService & { calls: string[] } {
  const calls: string[] = [];
  return {
    enabled,
    calls,
    verify: (peerId: string, clientIp: string) => {
      calls.push(`${peerId}@${clientIp}`);
      const refusal = refuse(peerId);
      return refusal ? Promise.reject(refusal) : Promise.resolve();
    },
  } as unknown as IdentityService & { calls: string[] };
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
