import { canonicalIp } from '../common/http/client-ip';

/** Why rAthena does not vouch for a peer (the `reason` of an IDENTITY_REJECTED answer). */
export const IDENTITY_REJECT_REASONS = ['unknown_character', 'not_online', 'address_mismatch', 'banned'] as const;
export type IdentityRejectReason = (typeof IDENTITY_REJECT_REASONS)[number];
export type IdentityVerdict = 'ok' | IdentityRejectReason;

/** What rAthena says about one character and its account (`char` joined to `login`). */
export interface RathenaCharacterRow {
  online: number;
  lastIp: string;
  state: number;
  unbanTime: number;
}

/** `char.char_id` is int(11) unsigned. */
const MAX_CHAR_ID = 4_294_967_295;

/**
 * The character id a peer id names, or undefined when it cannot name one. Only the plain decimal
 * spelling counts: `0150001` or `150001.0` would otherwise be a second peer id for character 150001.
 */
export function charIdOf(peerId: string): number | undefined {
  if (!/^(0|[1-9]\d{0,9})$/.test(peerId)) {
    return undefined;
  }
  const charId = Number(peerId);
  return charId <= MAX_CHAR_ID ? charId : undefined;
}

/**
 * Does rAthena vouch for this character, playing from `clientIp`, at `nowSeconds` (Unix time)?
 * The order decides the reason when several apply: a banned account is `banned` whether or not it
 * is online, and the address is compared only for a character that is in the game.
 */
export function identityVerdict(
  row: RathenaCharacterRow | undefined,
  clientIp: string,
  nowSeconds: number,
): IdentityVerdict {
  if (row === undefined) {
    return 'unknown_character';
  }
  if (row.state !== 0 || row.unbanTime > nowSeconds) {
    return 'banned';
  }
  if (row.online !== 1) {
    return 'not_online';
  }
  const expected = canonicalIp(row.lastIp);
  return expected !== undefined && expected === canonicalIp(clientIp) ? 'ok' : 'address_mismatch';
}
