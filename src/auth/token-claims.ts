import { isValidId } from '../common/validation/ids';

export type TokenType = 'access' | 'refresh';
export type TokenRole = 'client' | 'admin';

/**
 * What the coordinator signs. `sub` and `player_id` are the same peer / player id. `fam` names the
 * token family (one issuance and every refresh after it) and `gen` counts its refreshes, so a
 * refresh can retire what it replaced and a logout can revoke the lot (see TokenStore).
 */
export interface TokenClaims {
  sub: string;
  player_id: string;
  type: TokenType;
  role: TokenRole;
  jti: string;
  fam: string;
  gen: number;
  iat: number;
  exp: number;
  user_id?: string;
}

/** Why a presented token was not accepted; each maps to its own error code. */
export type TokenProblem = 'invalid' | 'expired' | 'wrong_type' | 'revoked';

export type VerifiedToken =
  | { ok: true; claims: TokenClaims; expiredForSeconds: number }
  | { ok: false; problem: Exclude<TokenProblem, 'revoked'> };

/** The largest clock difference tolerated between the node that signed a token and the one reading it. */
export const MAX_CLOCK_SKEW_SECONDS = 60;

/** A token signed with our key is still checked field by field: ids go into keys, logs and SQL. */
export function asClaims(payload: unknown): TokenClaims | undefined {
  if (typeof payload !== 'object' || payload === null) {
    return undefined;
  }
  const claims = payload as Record<string, unknown>;
  const valid =
    isValidId(claims.sub) &&
    claims.player_id === claims.sub &&
    (claims.type === 'access' || claims.type === 'refresh') &&
    (claims.role === 'client' || claims.role === 'admin') &&
    typeof claims.jti === 'string' &&
    isValidId(claims.fam) &&
    Number.isSafeInteger(claims.gen) &&
    (claims.gen as number) >= 0 &&
    Number.isInteger(claims.iat) &&
    Number.isInteger(claims.exp) &&
    (claims.user_id === undefined || isValidId(claims.user_id));
  return valid ? (claims as unknown as TokenClaims) : undefined;
}
