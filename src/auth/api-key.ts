import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Constant-time comparison of a presented key with the configured one. Both sides are hashed
 * first so the comparison never depends on (or reveals) the length of the real key.
 */
export function apiKeyMatches(presented: unknown, expected: string | undefined): boolean {
  if (typeof presented !== 'string' || presented.length === 0 || presented.length > 512 || !expected) {
    return false;
  }
  const a = createHash('sha256').update(presented).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/** The Bearer token of an Authorization header, if it has one of sane length. */
export function bearerToken(header: unknown): string | undefined {
  if (typeof header !== 'string') {
    return undefined;
  }
  const match = /^Bearer\s+(\S{1,4096})\s*$/i.exec(header);
  return match?.[1];
}
