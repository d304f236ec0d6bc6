import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { createSecretKey, randomUUID } from 'node:crypto';
import { AppConfig } from '../config/app-config';
import { asClaims, TokenClaims, TokenRole, TokenType, VerifiedToken } from './token-claims';

export interface IssuedPair {
  access: string;
  refresh: string;
  expiresIn: number;
}

export interface VerifyOptions {
  type: TokenType;
  /** Accept a token this many seconds past its expiry (the Bearer refresh grace). */
  graceSeconds?: number;
}

/** Signs and verifies the coordinator's JWTs (HMAC with JWT_SECRET_KEY, JWT_ALGORITHM). */
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

  issuePair(subject: string, role: TokenRole, userId?: string, nowMs = Date.now()): IssuedPair {
    const { jwtExpirationSeconds, refreshExpirationSeconds } = this.config.auth;
    return {
      access: this.sign(this.claims(subject, 'access', role, jwtExpirationSeconds, userId, nowMs)),
      refresh: this.sign(this.claims(subject, 'refresh', role, refreshExpirationSeconds, userId, nowMs)),
      expiresIn: jwtExpirationSeconds,
    };
  }

  /** Signs arbitrary claims; for tests that need tokens issued in the past. */
  sign(claims: TokenClaims): string {
    return this.jwt.sign({ ...claims }, { algorithm: this.config.auth.jwtAlgorithm });
  }

  verify(token: string, options: VerifyOptions, nowMs = Date.now()): VerifiedToken {
    let payload: unknown;
    try {
      // Expiry is checked below so the refresh grace can be applied to a correctly signed token.
      payload = this.jwt.verify(token, { algorithms: [this.config.auth.jwtAlgorithm], ignoreExpiration: true });
    } catch {
      return { ok: false, problem: 'invalid' };
    }
    const claims = asClaims(payload);
    if (!claims) {
      return { ok: false, problem: 'invalid' };
    }
    if (claims.type !== options.type) {
      return { ok: false, problem: 'wrong_type' };
    }
    const expiredForSeconds = Math.floor(nowMs / 1000) - claims.exp;
    if (expiredForSeconds >= (options.graceSeconds ?? 0) && expiredForSeconds >= 0) {
      return { ok: false, problem: 'expired' };
    }
    return { ok: true, claims, expiredForSeconds: Math.max(0, expiredForSeconds) };
  }

  private claims(subject: string, type: TokenType, role: TokenRole, ttlSeconds: number, userId: string | undefined, nowMs: number): TokenClaims {
    const iat = Math.floor(nowMs / 1000);
    const claims: TokenClaims = { sub: subject, player_id: subject, type, role, jti: randomUUID(), iat, exp: iat + ttlSeconds };
    if (userId !== undefined) {
      claims.user_id = userId;
    }
    return claims;
  }
}
