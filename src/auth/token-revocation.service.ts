import { Injectable } from '@nestjs/common';
import { AppError } from '../common/errors/app-error';
import { withTimeout } from '../common/with-timeout';
import { RotationResult, TokenStore } from '../state/token.store';
import { TokenClaims } from './token-claims';
import { TokenService } from './token.service';

/** Long enough for a loaded Redis, short enough that a dead one answers 503 rather than hanging. */
const STORE_TIMEOUT_MS = 1_000;

/**
 * Revocation and rotation of token families through the live-state store. It fails closed: when
 * the store cannot answer, a token cannot be shown to be unrevoked, so the caller gets
 * REDIS_UNAVAILABLE (503) rather than a pass (the API key does not depend on the store).
 */
@Injectable()
export class TokenRevocation {
  constructor(
    private readonly store: TokenStore,
    private readonly tokens: TokenService,
  ) {}

  isRevoked(claims: TokenClaims): Promise<boolean> {
    return this.guarded(() => this.store.isRevoked(lineageOf(claims)));
  }

  /** Retires the claims' generation; see TokenStore.rotate. */
  rotate(claims: TokenClaims): Promise<RotationResult> {
    return this.guarded(() => this.store.rotate(lineageOf(claims), this.tokens.familyLifetimeMs));
  }

  revokeFamily(claims: TokenClaims): Promise<void> {
    return this.guarded(() => this.store.revokeFamily(claims.fam, this.tokens.familyLifetimeMs));
  }

  private async guarded<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await withTimeout(work(), STORE_TIMEOUT_MS);
    } catch {
      throw new AppError('REDIS_UNAVAILABLE', 'Token revocation cannot be checked right now; try again shortly');
    }
  }
}

function lineageOf(claims: TokenClaims): { family: string; generation: number } {
  return { family: claims.fam, generation: claims.gen };
}
