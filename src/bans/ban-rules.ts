import { AppError } from '../common/errors/app-error';
import { canonicalIp } from '../common/http/client-ip';
import { isValidId } from '../common/validation/ids';
import type { BanRecord } from './ban.record';

/** The longest ban that is not permanent: ten years. */
export const MAX_BAN_SECONDS = 10 * 365 * 24 * 3600;

/** What a ban is on: a peer id or a client address (canonical), exactly one. */
export type BanTarget = { peerId: string; ip?: undefined } | { ip: string; peerId?: undefined };

/**
 * The target of a new ban from `{peer_id?, ip?}`: exactly one of them; the address in the canonical
 * form every check compares (`::ffff:1.2.3.4` is `1.2.3.4`, IPv6 lower-case and compressed).
 */
export function banTarget(input: { peer_id?: string; ip?: string }): BanTarget {
  const hasPeer = input.peer_id !== undefined && input.peer_id !== null;
  const hasIp = input.ip !== undefined && input.ip !== null;
  if (hasPeer === hasIp) {
    throw invalid(hasPeer ? 'ip' : 'peer_id', 'send exactly one of peer_id or ip');
  }
  if (hasPeer) {
    if (!isValidId(input.peer_id)) {
      throw invalid('peer_id', 'peer_id must be 1-64 characters: letters, digits and . _ : @ -');
    }
    return { peerId: input.peer_id };
  }
  const ip = canonicalIp(input.ip);
  if (ip === undefined) {
    throw invalid('ip', 'ip must be an IPv4 or IPv6 address (no zone id)');
  }
  return { ip };
}

/** Whether a ban applies at `now`: not lifted and not expired (an expired ban stops by itself). */
export function isActive(ban: Pick<BanRecord, 'expires_at' | 'lifted_at'>, now: number): boolean {
  return ban.lifted_at === null && (ban.expires_at === null || ban.expires_at.getTime() > now);
}

function invalid(field: string, message: string): AppError {
  return new AppError('VALIDATION_FAILED', `Invalid request: ${message}`, [{ field, message }]);
}

/** The refusal a banned peer or address gets (403 BANNED over REST, an `error` then close 4003 on WebSocket). */
export function banRefusal(ban: Pick<BanRecord, 'peer_id' | 'reason' | 'expires_at'>): AppError {
  const who = ban.peer_id !== null ? 'This player is banned' : 'This address is banned';
  const until = ban.expires_at === null ? '' : ` until ${ban.expires_at.toISOString()}`;
  return new AppError('BANNED', `${who}${until}: ${ban.reason}`);
}
