import type { Principal } from '../auth/principal';

/**
 * The actor an audit entry names: the subject of the token the caller presented (an admin token's,
 * or a player's on the routes players may use), else `api-key` for the admin key, else `anonymous`
 * (every guard off).
 */
export function actorOf(principal: Principal | undefined): string {
  if (principal?.subject !== undefined) {
    return principal.subject;
  }
  return principal?.role === 'admin' ? 'api-key' : 'anonymous';
}
