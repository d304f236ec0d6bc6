import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { SessionDirectory } from './session-directory';

/** Waits between attempts (each stretched by a random 50–150 %, so a mass disconnect does not retry in lockstep). */
export const LEAVE_RETRY_DELAYS_MS = [
  1_000, 2_000, 4_000, 8_000, 15_000, 30_000, 60_000, 60_000, 60_000, 60_000, 60_000,
];

/**
 * Records in PostgreSQL that a peer left a session. A leave that cannot be written now — the
 * database is down, or a mass disconnect exhausted the pool — is retried in the background for
 * about six minutes rather than dropped, which would leave a ghost player (and an inflated player
 * count) in the session. Before each retry the peer's live membership is checked: a peer that is
 * back in that session keeps its row.
 */
@Injectable()
export class LeaveRecorder implements OnModuleDestroy {
  private readonly logger = new Logger(LeaveRecorder.name);
  private readonly pending = new Map<string, NodeJS.Timeout>();

  constructor(private readonly sessions: SessionDirectory) {}

  get retrying(): number {
    return this.pending.size;
  }

  /** `stillGone` answers whether the peer is still out of the session (it may throw: try later). */
  async record(sessionId: string, peerId: string, stillGone: () => Promise<boolean>): Promise<void> {
    const key = `${sessionId}\u0000${peerId}`;
    clearTimeout(this.pending.get(key));
    this.pending.delete(key);
    try {
      await this.sessions.remove(sessionId, peerId);
    } catch (error) {
      this.logger.warn(`Could not record ${peerId} leaving ${sessionId} (will retry): ${(error as Error).message}`);
      this.retry(key, sessionId, peerId, stillGone, 0);
    }
  }

  onModuleDestroy(): void {
    this.pending.forEach((timer) => clearTimeout(timer));
    this.pending.clear();
  }

  private retry(
    key: string,
    sessionId: string,
    peerId: string,
    stillGone: () => Promise<boolean>,
    attempt: number,
  ): void {
    if (attempt >= LEAVE_RETRY_DELAYS_MS.length) {
      this.pending.delete(key);
      this.logger.error(
        `Gave up recording ${peerId} leaving ${sessionId}; the session's clean-up will remove the player`,
      );
      return;
    }
    const delay = LEAVE_RETRY_DELAYS_MS[attempt] * (0.5 + Math.random());
    const timer = setTimeout(() => void this.attempt(key, sessionId, peerId, stillGone, attempt), delay);
    timer.unref();
    this.pending.set(key, timer);
  }

  private async attempt(
    key: string,
    sessionId: string,
    peerId: string,
    stillGone: () => Promise<boolean>,
    attempt: number,
  ): Promise<void> {
    try {
      if (await stillGone()) {
        await this.sessions.remove(sessionId, peerId);
        this.logger.log(`Recorded ${peerId} leaving ${sessionId} after ${attempt + 1} retries`);
      }
      this.pending.delete(key);
    } catch {
      this.retry(key, sessionId, peerId, stillGone, attempt + 1);
    }
  }
}
