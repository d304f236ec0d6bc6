import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { apiKeyMatches, bearerToken } from './api-key';
import { ANONYMOUS, Principal } from './principal';
import { TokenProblem } from './token-claims';
import { TokenService } from './token.service';

/** What a request presented, checked once and shared by both guards and the principal decorator. */
export interface Credentials {
  apiKey: 'none' | 'valid' | 'invalid';
  token: { status: 'none' } | { status: 'valid'; subject: string; role: 'client' | 'admin' } | { status: TokenProblem };
  principal: Principal;
}

interface RequestLike {
  headers: Record<string, string | string[] | undefined>;
  p2pCredentials?: Credentials;
}

export function principalOf(request: RequestLike): Principal | undefined {
  return request.p2pCredentials?.principal;
}

@Injectable()
export class RequestCredentials {
  constructor(
    private readonly config: AppConfig,
    private readonly tokens: TokenService,
  ) {}

  /** Checks the API key header and the Bearer token of a request (memoised on the request). */
  of(request: RequestLike): Credentials {
    if (request.p2pCredentials) {
      return request.p2pCredentials;
    }
    const presentedKey = request.headers[this.config.auth.apiKeyHeader];
    const apiKey = presentedKey === undefined ? 'none' : apiKeyMatches(presentedKey, this.config.auth.apiKey) ? 'valid' : 'invalid';
    const raw = bearerToken(request.headers.authorization);
    let token: Credentials['token'] = { status: 'none' };
    if (raw !== undefined) {
      const verified = this.tokens.verify(raw, { type: 'access' });
      token = verified.ok ? { status: 'valid', subject: verified.claims.sub, role: verified.claims.role } : { status: verified.problem };
    } else if (request.headers.authorization !== undefined) {
      token = { status: 'invalid' };
    }
    const credentials: Credentials = { apiKey, token, principal: this.principal(apiKey, token) };
    request.p2pCredentials = credentials;
    return credentials;
  }

  private principal(apiKey: Credentials['apiKey'], token: Credentials['token']): Principal {
    const subject = token.status === 'valid' ? token.subject : undefined;
    if (apiKey === 'valid' || (token.status === 'valid' && token.role === 'admin')) {
      return { role: 'admin', subject };
    }
    // Ownership binds only when tokens are enforced; otherwise nobody has a verified identity.
    if (this.config.auth.jwtEnabled && token.status === 'valid') {
      return { role: 'client', subject };
    }
    return ANONYMOUS;
  }
}
