import { randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';

export const TEST_JWT_SECRET = 'test-secret-key-that-is-long-enough-0123456789';
export const TEST_API_KEY = 'test-coordinator-api-key-0123456789abcdef';

/**
 * Mints a token as the coordinator would, with the same secret, so tests can place `iat`/`exp`
 * in the past or sign a refresh token as an access token.
 */
export function mintToken(
  subject: string,
  options: {
    type?: 'access' | 'refresh';
    role?: 'client' | 'admin';
    issuedSecondsAgo?: number;
    ttlSeconds?: number;
    secret?: string;
    family?: string;
    generation?: number;
  } = {},
): string {
  const iat = Math.floor(Date.now() / 1000) - (options.issuedSecondsAgo ?? 0);
  return jwt.sign(
    {
      sub: subject,
      player_id: subject,
      type: options.type ?? 'access',
      role: options.role ?? 'client',
      jti: randomUUID(),
      fam: options.family ?? randomUUID(),
      gen: options.generation ?? 0,
      iat,
      exp: iat + (options.ttlSeconds ?? 3600),
    },
    options.secret ?? TEST_JWT_SECRET,
    { algorithm: 'HS256' },
  );
}

/** The claims of a token, unverified (what the DLL does). */
export function decodeClaims(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as Record<string, unknown>;
}

export async function request(
  baseUrl: string,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: unknown,
): Promise<{ status: number; body: any; headers: Headers }> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // Prometheus text and the like stay strings.
  }
  return { status: response.status, body: parsed, headers: response.headers };
}
