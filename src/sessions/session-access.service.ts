import { Injectable } from '@nestjs/common';
import { isRestricted, Principal } from '../auth/principal';
import { AppError } from '../common/errors/app-error';
import { SessionAccessRepository } from './session-access.repository';
import { SessionRef } from './session-ref';
import { sessionNotFound } from './session-rules';

/**
 * Session ownership when JWT validation is on: a client acts only on sessions it is a player of
 * or whose host it owns; it may also add or remove itself. Admins and, with JWT off, everyone are
 * unrestricted, and then no query is made.
 */
@Injectable()
export class SessionAccessService {
  constructor(private readonly repository: SessionAccessRepository) {}

  /** Creating: the caller must own the host or be one of the initial players. */
  assertMayCreate(principal: Principal | undefined, hostOwner: string, playerIds: readonly string[]): void {
    if (isRestricted(principal) && hostOwner !== principal.subject && !playerIds.includes(principal.subject)) {
      throw new AppError('FORBIDDEN', 'Only the host owner or one of the players may create this session');
    }
  }

  /** Lifecycle and metrics: players of the session and its host owner. */
  async assertMayAct(principal: Principal | undefined, ref: SessionRef): Promise<void> {
    if (!isRestricted(principal)) {
      return;
    }
    const parties = await this.repository.parties(ref, principal.subject);
    if (!parties) {
      throw sessionNotFound(ref);
    }
    if (!parties.member && parties.hostOwner !== principal.subject) {
      throw new AppError('FORBIDDEN', `You are not a player or the host of session ${ref.raw}`);
    }
  }

  /** Adding or removing a player: that player itself, or the host owner (or, to add, a member). */
  async assertMayChangePlayer(
    principal: Principal | undefined,
    ref: SessionRef,
    playerId: string,
    adding: boolean,
  ): Promise<void> {
    if (!isRestricted(principal) || playerId === principal.subject) {
      return;
    }
    const parties = await this.repository.parties(ref, principal.subject);
    if (!parties) {
      throw sessionNotFound(ref);
    }
    if (parties.hostOwner !== principal.subject && !(adding && parties.member)) {
      throw new AppError('FORBIDDEN', `You may not change the players of session ${ref.raw}`);
    }
  }
}
