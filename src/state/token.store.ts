/** What happened when a token was exchanged for the next one of its family. */
export type RotationResult = 'rotated' | 'reused' | 'revoked';

/** The parts of a token that revocation looks at. */
export interface TokenLineage {
  /** The family: every token issued from one `/auth/token` answer and its refreshes. */
  family: string;
  /** 0 for the first pair of a family, +1 per refresh. */
  generation: number;
}

/**
 * Revocation and rotation of token families, shared by every node.
 *
 * A family's record holds the generation that may still be exchanged, or `revoked`. No record
 * means nothing happened to the family yet (issuance does no I/O), so any generation is current.
 * Records live until the family's last token would have expired anyway (`ttlMs`).
 */
export abstract class TokenStore {
  /** True when the family was revoked, or this token's generation was exchanged already (retired). */
  abstract isRevoked(token: TokenLineage): Promise<boolean>;

  /**
   * Atomically retires `generation` and makes `generation + 1` current. Presenting a generation
   * that was already exchanged is a reuse: the whole family is revoked and `reused` returned.
   */
  abstract rotate(token: TokenLineage, ttlMs: number): Promise<RotationResult>;

  /** Revokes every token of the family (logout, reuse). */
  abstract revokeFamily(family: string, ttlMs: number): Promise<void>;
}

/** The stored value of a revoked family (a current generation is stored as its number). */
export const REVOKED = 'revoked';
