import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { SessionsService } from './sessions.service';
import { logFailure } from '../common/outage';

export const CLEANUP_INTERVAL_MS = 60_000;

/**
 * Runs the idle-session clean-up every minute, then ends the ad-hoc sessions left empty. The timer
 * is unref'd so it never keeps the process alive, a run never overlaps the previous one, and a
 * failure (the database being away, say) is logged and retried on the next tick instead of
 * crashing the node.
 */
@Injectable()
export class SessionCleanupScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(SessionCleanupScheduler.name);
  private timer?: NodeJS.Timeout;
  private running = false;

  constructor(private readonly sessions: SessionsService) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.tick(), CLEANUP_INTERVAL_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  async tick(): Promise<void> {
    if (this.running) {
      return;
    }
    this.running = true;
    try {
      await this.sessions.cleanup();
      await this.sessions.endEmptyAdhoc();
    } catch (error) {
      logFailure(this.logger, 'Idle session clean-up', error);
    } finally {
      this.running = false;
    }
  }
}
