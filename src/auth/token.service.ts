import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { createSecretKey, randomUUID } from 'node:crypto';
import { AppConfig } from '../config/app-config';
import { asClaims, MAX_CLOCK_SKEW_SECONDS, TokenClaims, TokenRole, TokenType, VerifiedToken } from './token-claims';

export interface IssuedPair {
  access: string;
  refresh: string;
  expiresIn: number;
}

/** Who a pair is for, and where it stands in its family (a new family when `lineage` is absent). */
export interface PairRequest {
  subject: string;
  role: TokenRole;
  userId?: string;
  lineage?: { family: string; generation: number };
}

export interface VerifyOptions {
  type: TokenType;
  /** Accept a token this many seconds past its expiry (the Bearer refresh grace). */
  graceSeconds?: number;
}

/** Signs and verifies the coordinator's JWTs (HMAC with JWT_SECRET_KEY, JWT_ALGORITHM). No I/O. */
@Injectable()
export class TokenService {
  private readonly jwt: JwtService;

  constructor(private readonly config: AppConfig) {
    // A KeyObject made once: given a string, jsonwebtoken first tries to parse it as a PEM public
    // key on every verify (createPublicKey throws, then createSecretKey), which cost about a sixth of
    // the CPU of a join. An empty secret stays a string so jsonwebtoken still refuses it.
    const secret = config.auth.jwtSecret;
    this.jwt = new JwtService({ secret: secret ? createSecretKey(Buffer.from(secret, 'utf8')) : secret });
  }

  issuePair(request: PairRequest, nowMs = Date.now()): IssuedPair {
    const { jwtExpirationSeconds, refreshExpirationSeconds } = this.config.auth;
    // A family is named by a fresh id; the access and refresh token of one pair share a generation.
    const lineage = request.lineage ?? { family: randomUUID(), generation: 0 };
    const claims = (type: TokenType, ttlSeconds: number): TokenClaims => {
      const iat = Math.floor(nowMs / 1000);
      const signed: TokenClaims = {
        sub: request.subject,
        player_id: request.subject,
        type,
        role: request.role,
        jti: randomUUID(),
        fam: lineage.family,
        gen: lineage.generation,
        iat,
        exp: iat + ttlSeconds,
      };
      return request.userId === undefined ? signed : { ...signed, user_id: request.userId };
    };
    return {
      access: this.sign(claims('access', jwtExpirationSeconds)),
      refresh: this.sign(claims('refresh', refreshExpirationSeconds)),
      expiresIn: jwtExpirationSeconds,
    };
  }

  /** Signs arbitrary claims; for tests that need tokens issued in the past. */
  sign(claims: TokenClaims): string {
    return this.jwt.sign({ ...claims }, { algorithm: this.config.auth.jwtAlgorithm });
  }

  /**
   * Signature, claims, type, issue time and expiry; not revocation, which needs the live-state
   * store (see TokenRevocation).
   */
  verify(token: string, options: VerifyOptions, nowMs = Date.now()): VerifiedToken {
    let payload: unknown;
    try {
      // Expiry is checked below so the refresh grace can be applied to a correctly signed token.
      payload = this.jwt.verify(token, { algorithms: [this.config.auth.jwtAlgorithm], ignoreExpiration: true });
    } catch {
      return { ok: false, problem: 'invalid' };
    }
    const claims = asClaims(payload);
    const nowSeconds = Math.floor(nowMs / 1000);
    // A token "issued" in the future was not issued by a node whose clock is sane: refused.
    if (!claims || claims.iat > nowSeconds + MAX_CLOCK_SKEW_SECONDS || claims.exp <= claims.iat) {
      return { ok: false, problem: 'invalid' };
    }
    if (claims.type !== options.type) {
      return { ok: false, problem: 'wrong_type' };
    }
    const expiredForSeconds = nowSeconds - claims.exp;
    if (expiredForSeconds >= (options.graceSeconds ?? 0) && expiredForSeconds >= 0) {
      return { ok: false, problem: 'expired' };
    }
    return { ok: true, claims, expiredForSeconds: Math.max(0, expiredForSeconds) };
  }

  /** How long a family's revocation record must outlive its newest pair: until both tokens expired for good. */
  get familyLifetimeMs(): number {
    const { jwtExpirationSeconds, refreshExpirationSeconds, refreshGraceSeconds } = this.config.auth;
    return (
      (Math.max(refreshExpirationSeconds, jwtExpirationSeconds + refreshGraceSeconds) + MAX_CLOCK_SKEW_SECONDS) * 1000
    );
  }
}
