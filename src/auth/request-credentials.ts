import { Injectable } from '@nestjs/common';
import { BanList } from '../bans/ban-list';
import { banRefusal } from '../bans/ban-rules';
import { AppConfig } from '../config/app-config';
import { apiKeyMatches, bearerToken } from './api-key';
import { ANONYMOUS, Principal } from './principal';
import { TokenProblem, VerifiedToken } from './token-claims';
import { TokenRevocation } from './token-revocation.service';
import { TokenService } from './token.service';

/** What a request presented, checked once and shared by the access guard and the principal decorator. */
export interface Credentials {
  apiKey: 'none' | 'valid' | 'invalid';
  token:
    | { status: 'none' }
    | { status: 'valid'; subject: string; role: 'client' | 'admin' }
    | { status: TokenProblem }
    | { status: 'banned'; subject: string; message: string };
  principal: Principal;
}

interface RequestLike {
  headers: Record<string, string | string[] | undefined>;
  p2pCredentials?: Promise<Credentials>;
  p2pPrincipal?: Principal;
  /** The Bearer token's signature check, shared by the rate limiter and the guard (null: none sent). */
  p2pVerified?: VerifiedToken | null;
}

/** The caller of a request the access guard has seen (the guard runs on every route). */
export function principalOf(request: RequestLike): Principal | undefined {
  return request.p2pPrincipal;
}

@Injectable()
export class RequestCredentials {
  constructor(
    private readonly config: AppConfig,
    private readonly tokens: TokenService,
    private readonly revocation: TokenRevocation,
    private readonly bans: BanList,
  ) {}

  /** Checks the API key header and the Bearer token of a request, revocation included (memoised on the request). */
  resolve(request: RequestLike): Promise<Credentials> {
    request.p2pCredentials ??= this.check(request).then((credentials) => {
      request.p2pPrincipal = credentials.principal;
      return credentials;
    });
    return request.p2pCredentials;
  }

  /**
   * The subject of a correctly signed, unexpired access token, without the revocation lookup: what
   * the rate limiter keys on (a revoked token is refused later, but its requests still count).
   */
  signedSubject(request: RequestLike): string | undefined {
    const verified = this.verified(request);
    return verified?.ok ? verified.claims.sub : undefined;
  }

  /** The Bearer token checked once per request (an HMAC): the rate limiter runs first, the guard after. */
  private verified(request: RequestLike): VerifiedToken | null {
    if (request.p2pVerified === undefined) {
      const raw = bearerToken(request.headers.authorization);
      request.p2pVerified = raw === undefined ? null : this.tokens.verify(raw, { type: 'access' });
    }
    return request.p2pVerified;
  }

  private async check(request: RequestLike): Promise<Credentials> {
    const presentedKey = request.headers[this.config.auth.apiKeyHeader];
    const apiKey =
      presentedKey === undefined ? 'none' : apiKeyMatches(presentedKey, this.config.auth.apiKey) ? 'valid' : 'invalid';
    const token = await this.checkToken(request);
    return { apiKey, token, principal: this.principal(apiKey, token) };
  }

  private async checkToken(request: RequestLike): Promise<Credentials['token']> {
    const verified = this.verified(request);
    if (verified === null) {
      return request.headers.authorization === undefined ? { status: 'none' } : { status: 'invalid' };
    }
    if (!verified.ok) {
      return { status: verified.problem };
    }
    if (await this.revocation.isRevoked(verified.claims)) {
      return { status: 'revoked' };
    }
    // A banned subject's tokens stop working at once on every node: the in-memory list, no I/O.
    const ban = this.bans.find({ peerId: verified.claims.sub });
    if (ban) {
      return { status: 'banned', subject: verified.claims.sub, message: banRefusal(ban).message };
    }
    return { status: 'valid', subject: verified.claims.sub, role: verified.claims.role };
  }

  /**
   * The admin key, or a token minted as admin, make an admin; nothing else does. A client token
   * binds its holder to its subject only while tokens are enforced (JWT on); otherwise nobody has
   * a verified identity and the caller is anonymous.
   */
  private principal(apiKey: Credentials['apiKey'], token: Credentials['token']): Principal {
    const subject = token.status === 'valid' ? token.subject : undefined;
    if (apiKey === 'valid' || (token.status === 'valid' && token.role === 'admin')) {
      return { role: 'admin', subject };
    }
    if (this.config.auth.jwtEnabled && token.status === 'valid') {
      return { role: 'client', subject };
    }
    return ANONYMOUS;
  }
}
