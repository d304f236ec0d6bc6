import { Injectable } from '@nestjs/common';
import { AppError } from '../common/errors/app-error';
import { SessionsService } from '../sessions/sessions.service';

export interface Placement {
  sessionId: string;
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
      const { session } = await this.sessions.assignToZone(zoneId, peerId);
      return { sessionId: session.session_id, hostId: session.host_id ?? undefined };
    } catch (error) {
      return this.refusal(error);
    }
  }

  async join(ref: string, peerId: string): Promise<Placement | AppError> {
    try {
      const { session } = await this.sessions.addPlayer(ref, peerId);
      return { sessionId: session.session_id, hostId: session.host_id ?? undefined };
    } catch (error) {
      return this.refusal(error);
    }
  }

  async remove(sessionId: string, peerId: string): Promise<void> {
    try {
      await this.sessions.removePlayer(sessionId, peerId);
    } catch (error) {
      if (!(error instanceof AppError) || (error.code !== 'PLAYER_NOT_IN_SESSION' && error.code !== 'SESSION_NOT_FOUND')) {
        throw error;
      }
    }
  }

  private refusal(error: unknown): AppError {
    if (error instanceof AppError && error.status < 500) {
      return error;
    }
    throw error;
  }
}
