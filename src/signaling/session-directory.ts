import { Injectable } from '@nestjs/common';
import { AppError } from '../common/errors/app-error';
import { parseSessionRef, SessionRef } from '../sessions/session-ref';
import { SessionsService } from '../sessions/sessions.service';

/** Leaving a session that already ended or lost the player is not an error for the leaver. */
const TOLERATED_ON_LEAVE = new Set(['PLAYER_NOT_IN_SESSION', 'SESSION_NOT_FOUND', 'SESSION_INVALID_STATE']);

export interface Placement {
  sessionId: string;
  zoneId: string;
  hostId?: string;
}

/**
 * The durable side of signaling membership: joins and leaves are recorded in PostgreSQL through
 * SessionsService (never per message). Expected refusals come back as values, not exceptions.
 */
@Injectable()
export class SessionDirectory {
  constructor(private readonly sessions: SessionsService) {}

  async assign(zoneId: string, peerId: string): Promise<Placement | AppError> {
    try {
      const placed = await this.sessions.placeInZone(zoneId, peerId);
      return { sessionId: placed.sessionId, zoneId: placed.zoneId, hostId: placed.hostId ?? undefined };
    } catch (error) {
      return this.refusal(error);
    }
  }

  async join(ref: string, peerId: string): Promise<Placement | AppError> {
    try {
      const session = await this.sessions.addPlayer(this.ref(ref), peerId);
      return { sessionId: session.session_id, zoneId: session.zone_id, hostId: session.host_id ?? undefined };
    } catch (error) {
      return this.refusal(error);
    }
  }

  async remove(sessionId: string, peerId: string): Promise<void> {
    try {
      await this.sessions.removePlayer(this.ref(sessionId), peerId);
    } catch (error) {
      if (!(error instanceof AppError) || !TOLERATED_ON_LEAVE.has(error.code)) {
        throw error;
      }
    }
  }

  private ref(raw: string): SessionRef {
    const ref = parseSessionRef(raw);
    if (!ref) {
      throw new AppError('SESSION_NOT_FOUND', `Session ${raw} not found`);
    }
    return ref;
  }

  private refusal(error: unknown): AppError {
    if (error instanceof AppError && error.status < 500) {
      return error;
    }
    throw error;
  }
}
