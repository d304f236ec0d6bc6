import { isRestricted, Principal } from '../auth/principal';
import { AppError } from '../common/errors/app-error';

/**
 * Ownership of hosts when JWT validation is on: a client acts only for its own player id (the
 * token subject). Admins and, with JWT off, everyone are unrestricted.
 */
export function assertMayRegister(principal: Principal | undefined, playerId: string, existingOwner: string | undefined): void {
  if (!isRestricted(principal)) {
    return;
  }
  if (playerId !== principal.subject) {
    throw new AppError('FORBIDDEN', 'player_id must be the token subject');
  }
  if (existingOwner !== undefined && existingOwner !== principal.subject) {
    throw new AppError('FORBIDDEN', 'This host_id belongs to another player');
  }
}

export function assertMayManage(principal: Principal | undefined, hostId: string, owner: string): void {
  if (isRestricted(principal) && owner !== principal.subject) {
    throw new AppError('FORBIDDEN', `Host ${hostId} belongs to another player`);
  }
}
