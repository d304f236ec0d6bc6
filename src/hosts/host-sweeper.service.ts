import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { HostsRepository } from './hosts.repository';
import { logFailure } from '../common/outage';

export const SWEEP_INTERVAL_MS = 30_000;

/**
 * Marks hosts offline once their heartbeat is older than HOST_HEARTBEAT_TIMEOUT_MINUTES. Their open
 * sessions are detached from the host and carry on as host-less mesh sessions rather than being
 * failed: the players are still connected to each other, only the host stopped reporting.
 * A heartbeat brings the host back online.
 */
@Injectable()
export class HostSweeperService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(HostSweeperService.name);
  private timer?: NodeJS.Timeout;
  private running = false;

  constructor(
    private readonly repository: HostsRepository,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.sweep(), SWEEP_INTERVAL_MS);
    // The sweep must never keep the process alive on its own.
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Returns how many hosts went offline; failures are logged and count as 0, never thrown. */
  async sweep(): Promise<number> {
    if (this.running) {
      return 0;
    }
    this.running = true;
    try {
      const { hosts, sessions } = await this.repository.markStaleOffline(this.config.p2p.hostHeartbeatTimeoutMinutes);
      if (hosts > 0) {
        this.logger.log(`Marked ${hosts} silent host(s) offline; ${sessions} open session(s) continue without a host`);
      }
      return hosts;
    } catch (error) {
      logFailure(this.logger, 'Stale-host sweep', error);
      return 0;
    } finally {
      this.running = false;
    }
  }
}
