import { Injectable, Logger } from '@nestjs/common';
import { BanList } from '../bans/ban-list';
import { banRefusal } from '../bans/ban-rules';
import { AppError } from '../common/errors/app-error';
import { AppConfig } from '../config/app-config';
import { IdentityService } from '../identity/identity.service';
import { apiKeyMatches, bearerToken } from './api-key';
import { RefreshRequestDto, TokenRequestDto } from './dto/token-request.dto';
import { TokenResponseDto } from './dto/token-response.dto';
import { TokenClaims, TokenProblem, TokenRole } from './token-claims';
import { TokenRevocation } from './token-revocation.service';
import { TokenService } from './token.service';

const REFUSALS: Record<TokenProblem, AppError> = {
  invalid: new AppError('INVALID_TOKEN', 'The token is not valid'),
  wrong_type: new AppError('INVALID_TOKEN', 'Wrong token type for refresh'),
  expired: new AppError('TOKEN_EXPIRED', 'The token has expired; request a new one'),
  revoked: new AppError('TOKEN_REVOKED', 'The token was revoked; request a new one'),
};

const REUSED = new AppError(
  'TOKEN_REVOKED',
  'The token was already exchanged; as it may have been stolen, every token of this login is now revoked. Request a new one',
);

/** Who asks for a token, as the transport saw it. */
export interface IssueContext {
  /** The API key from the key header, if any (the body's `api_key` is the fallback). */
  headerKey?: unknown;
  /** The client address (TRUSTED_PROXIES applied), for identity verification. */
  clientIp: string;
}

/**
 * Token issuance, refresh (rotating) and logout. Issuance answers from CPU alone unless rAthena must
 * vouch for the player (IDENTITY_VERIFICATION=rathena and no API key); refresh and logout touch
 * only the live-state store.
 */
@Injectable()
export class AuthService {
  private readonly logger = new Logger(AuthService.name);

  constructor(
    private readonly config: AppConfig,
    private readonly tokens: TokenService,
    private readonly revocation: TokenRevocation,
    private readonly identity: IdentityService,
    private readonly bans: BanList,
  ) {}

  /**
   * A token for the named player. It is a *client* token whoever asks: a launcher holding the API
   * key mints player tokens. Only `role: "admin"` together with the valid key makes an admin token.
   */
  async issue(body: TokenRequestDto, context: IssueContext): Promise<TokenResponseDto> {
    const subject = subjectOf(body);
    this.refuseBanned(subject, context.clientIp);
    const presented = context.headerKey ?? body.api_key;
    const keyValid = apiKeyMatches(presented, this.config.auth.apiKey);
    const role: TokenRole = body.role ?? 'client';
    if (presented !== undefined && !keyValid && (role === 'admin' || this.config.auth.apiKeyEnabled)) {
      throw new AppError('INVALID_API_KEY', 'Invalid API key');
    }
    if (role === 'admin' && !keyValid) {
      throw new AppError(
        'UNAUTHORIZED',
        `An admin token needs the API key (${this.config.auth.apiKeyHeader} header or api_key)`,
      );
    }
    if (!keyValid) {
      await this.vouchWithoutKey(subject, context.clientIp);
    }
    this.logger.log(`Token issued to ${subject} (${role}${keyValid ? ', with the API key' : ''})`);
    return this.answer({ subject, role, userId: body.user_id });
  }

  /**
   * Exchanges a refresh token (body) or an access token (Bearer, expired up to the grace window:
   * the DLL's way) for a new pair of the same family, role and subject, retiring both tokens of the
   * presented pair. Presenting a retired pair again revokes the whole family.
   */
  async refresh(body: RefreshRequestDto, authorization: unknown, clientIp?: string): Promise<TokenResponseDto> {
    const claims = this.presented(body, authorization);
    this.refuseBanned(claims.sub, clientIp);
    const rotation = await this.revocation.rotate(claims);
    if (rotation === 'reused') {
      this.logger.warn(`Refresh token reuse for ${claims.sub}: family revoked`);
      throw REUSED;
    }
    if (rotation === 'revoked') {
      throw REFUSALS.revoked;
    }
    return this.answer({
      subject: claims.sub,
      role: claims.role,
      userId: claims.user_id,
      lineage: { family: claims.fam, generation: claims.gen + 1 },
    });
  }

  /** Revokes every token of the caller's family (its Bearer access token, expired up to the grace window). */
  async logout(authorization: unknown): Promise<void> {
    const token = bearerToken(authorization);
    if (token === undefined) {
      throw new AppError('UNAUTHORIZED', 'Send the access token as a Bearer header');
    }
    const claims = this.verified(token, 'access');
    await this.revocation.revokeFamily(claims);
    this.logger.log(`Logout: tokens of ${claims.sub} revoked`);
  }

  /** 403 BANNED for a banned player or address (the in-memory ban list: no I/O). */
  private refuseBanned(subject: string, clientIp: string | undefined): void {
    const ban = this.bans.find({ peerId: subject, ip: clientIp });
    if (ban) {
      throw banRefusal(ban);
    }
  }

  /**
   * Without the key, the player's word is enough only when nothing stronger is configured: rAthena
   * vouches when identity verification is on; the key is required when key validation is on.
   */
  private async vouchWithoutKey(subject: string, clientIp: string): Promise<void> {
    if (this.identity.enabled) {
      await this.identity.verify(subject, clientIp);
      return;
    }
    if (this.config.auth.apiKeyEnabled) {
      throw new AppError('UNAUTHORIZED', 'Issuing tokens needs the API key');
    }
  }

  private presented(body: RefreshRequestDto, authorization: unknown): TokenClaims {
    if (body.refresh_token !== undefined) {
      return this.verified(body.refresh_token, 'refresh');
    }
    const bearer = bearerToken(authorization);
    if (bearer === undefined) {
      throw new AppError('UNAUTHORIZED', 'Send refresh_token in the body or the access token as a Bearer header');
    }
    return this.verified(bearer, 'access');
  }

  private verified(token: string, type: 'access' | 'refresh'): TokenClaims {
    const graceSeconds = type === 'access' ? this.config.auth.refreshGraceSeconds : 0;
    const verified = this.tokens.verify(token, { type, graceSeconds });
    if (!verified.ok) {
      throw REFUSALS[verified.problem];
    }
    return verified.claims;
  }

  private answer(request: Parameters<TokenService['issuePair']>[0]): TokenResponseDto {
    const pair = this.tokens.issuePair(request);
    return {
      token: pair.access,
      access_token: pair.access,
      refresh_token: pair.refresh,
      token_type: 'Bearer',
      expires_in: pair.expiresIn,
    };
  }
}

function subjectOf(body: TokenRequestDto): string {
  const subject = body.player_id ?? body.peer_id;
  if (subject === undefined) {
    throw new AppError('VALIDATION_FAILED', 'Invalid request: player_id or peer_id is required', [
      { field: 'player_id', message: 'player_id or peer_id is required' },
    ]);
  }
  if (body.player_id !== undefined && body.peer_id !== undefined && body.player_id !== body.peer_id) {
    throw new AppError('VALIDATION_FAILED', 'Invalid request: player_id and peer_id differ', [
      { field: 'peer_id', message: 'must equal player_id when both are sent' },
    ]);
  }
  return subject;
}
