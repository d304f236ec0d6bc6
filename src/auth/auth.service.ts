import { Injectable, Logger } from '@nestjs/common';
import { AppError } from '../common/errors/app-error';
import { AppConfig } from '../config/app-config';
import { apiKeyMatches, bearerToken } from './api-key';
import { RefreshRequestDto, TokenRequestDto } from './dto/token-request.dto';
import { TokenResponseDto } from './dto/token-response.dto';
import { TokenProblem } from './token-claims';
import { TokenService } from './token.service';

const REFRESH_REFUSALS: Record<TokenProblem, AppError> = {
  invalid: new AppError('INVALID_TOKEN', 'The token is not valid'),
  wrong_type: new AppError('INVALID_TOKEN', 'Wrong token type for refresh'),
  expired: new AppError('TOKEN_EXPIRED', 'The token has expired; request a new one'),
};

/** Token issuance and refresh. Pure CPU work (HMAC), no I/O: the DLL's HTTP client barely waits. */
@Injectable()
export class AuthService {
  private readonly logger = new Logger(AuthService.name);

  constructor(
    private readonly config: AppConfig,
    private readonly tokens: TokenService,
  ) {}

  issue(body: TokenRequestDto, headerKey: unknown): TokenResponseDto {
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
    const presented = headerKey ?? body.api_key;
    const keyValid = apiKeyMatches(presented, this.config.auth.apiKey);
    if (this.config.auth.apiKeyEnabled && !keyValid) {
      throw presented === undefined
        ? new AppError('UNAUTHORIZED', 'Issuing tokens needs the API key')
        : new AppError('INVALID_API_KEY', 'Invalid API key');
    }
    const role = keyValid ? 'admin' : 'client';
    this.logger.log(`Token issued to ${subject} (${role})`);
    return this.answer(subject, role, body.user_id);
  }

  /** A refresh token in the body, or else the Bearer access token, expired up to the grace window. */
  refresh(body: RefreshRequestDto, authorization: unknown): TokenResponseDto {
    const bodyToken = body.refresh_token;
    const bearer = bearerToken(authorization);
    const token = bodyToken ?? bearer;
    if (token === undefined) {
      throw new AppError('UNAUTHORIZED', 'Send refresh_token in the body or the access token as a Bearer header');
    }
    const verified =
      bodyToken !== undefined
        ? this.tokens.verify(bodyToken, { type: 'refresh' })
        : this.tokens.verify(token, { type: 'access', graceSeconds: this.config.auth.refreshGraceSeconds });
    if (!verified.ok) {
      throw REFRESH_REFUSALS[verified.problem];
    }
    return this.answer(verified.claims.sub, verified.claims.role, verified.claims.user_id);
  }

  private answer(subject: string, role: 'client' | 'admin', userId?: string): TokenResponseDto {
    const pair = this.tokens.issuePair(subject, role, userId);
    return { token: pair.access, access_token: pair.access, refresh_token: pair.refresh, token_type: 'Bearer', expires_in: pair.expiresIn };
  }
}
