import { isRestricted, Principal } from '../auth/principal';
import { AppError } from '../common/errors/app-error';

// Ownership of hosts when JWT validation is on: a client acts only for its own player id (the
// token subject). Admins and, with JWT off, everyone are unrestricted.

/**
 * A restricted caller registers hosts for itself only. Whether it may overwrite an existing host_id
 * is decided by the upsert under the row lock (`hostOfAnotherPlayer` when it may not), so two
 * players registering one new host_id at once cannot both succeed.
 */
export function assertMayRegister(principal: Principal | undefined, playerId: string): void {
  if (isRestricted(principal) && playerId !== principal.subject) {
    throw new AppError('FORBIDDEN', 'player_id must be the token subject');
  }
}

/** A restricted caller tried to register a host_id another player owns. */
export function hostOfAnotherPlayer(): AppError {
  return new AppError('FORBIDDEN', 'This host_id belongs to another player');
}

export function assertMayManage(principal: Principal | undefined, hostId: string, owner: string): void {
  if (isRestricted(principal) && owner !== principal.subject) {
    throw new AppError('FORBIDDEN', `Host ${hostId} belongs to another player`);
  }
}
