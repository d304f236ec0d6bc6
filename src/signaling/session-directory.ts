import { Injectable } from '@nestjs/common';
import { AppError } from '../common/errors/app-error';
import { parseSessionRef, SessionRef } from '../sessions/session-ref';
import { sessionNotFound } from '../sessions/session-rules';
import { SessionsService } from '../sessions/sessions.service';

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

  /** `zoneHint`: the zone the peer is in, where a join of a new id opens its ad-hoc session. */
  async join(ref: string, peerId: string, zoneHint?: string): Promise<Placement | AppError> {
    try {
      const session = await this.sessions.join(this.ref(ref), peerId, zoneHint);
      return { sessionId: session.session_id, zoneId: session.zone_id, hostId: session.host_id ?? undefined };
    } catch (error) {
      return this.refusal(error);
    }
  }

  /** A session that ended or lost the player meanwhile is no error for the leaver; a database failure is. */
  async remove(sessionId: string, peerId: string): Promise<void> {
    const ref = parseSessionRef(sessionId);
    if (ref) {
      await this.sessions.leave(ref, peerId);
    }
  }

  private ref(raw: string): SessionRef {
    const ref = parseSessionRef(raw);
    if (!ref) {
      throw sessionNotFound({ raw });
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
