import { createHmac } from 'node:crypto';

/**
 * Time-limited TURN credentials in coturn's `use-auth-secret` (TURN REST API) scheme: the TURN
 * server shares the secret and recomputes the HMAC, so no per-peer state is stored anywhere.
 */

export interface TurnCredentials {
  /** "<expiry unix seconds>:<peerId>": coturn refuses the credential after that instant. */
  username: string;
  /** base64(HMAC-SHA1(secret, username)). */
  credential: string;
  ttl: number;
}

export function mintTurnCredentials(
  secret: string | Buffer,
  peerId: string,
  ttlSeconds: number,
  nowSeconds: number,
): TurnCredentials {
  if (!Number.isInteger(ttlSeconds) || ttlSeconds <= 0) {
    throw new RangeError(`ttlSeconds must be a positive integer, got ${ttlSeconds}`);
  }
  const username = `${Math.floor(nowSeconds) + ttlSeconds}:${peerId}`;
  const credential = createHmac('sha1', secret).update(username).digest('base64');
  return { username, credential, ttl: ttlSeconds };
}

/** Same shape as the browser's RTCIceServer. */
export interface IceServer {
  urls: string[];
  username?: string;
  credential?: string;
}

export interface IceServersInput {
  stunUrls: string[];
  turnUrls: string[];
  secret?: string | Buffer;
  peerId: string;
  ttl: number;
  /** Unix seconds. */
  now: number;
}

/** STUN entry when STUN urls exist; TURN entry only when both TURN urls and a secret exist. */
export function buildIceServers(input: IceServersInput): IceServer[] {
  const servers: IceServer[] = [];
  if (input.stunUrls.length > 0) {
    servers.push({ urls: [...input.stunUrls] });
  }
  if (input.turnUrls.length > 0 && input.secret !== undefined && input.secret.length > 0) {
    const { username, credential } = mintTurnCredentials(input.secret, input.peerId, input.ttl, input.now);
    servers.push({ urls: [...input.turnUrls], username, credential });
  }
  return servers;
}
