import { Injectable, Optional } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { Database } from '../database/database.service';
import { StateHealth } from '../state/state-health';
import { withTimeout } from '../common/with-timeout';

export type DependencyStatus = 'connected' | 'disconnected' | 'embedded';

export interface HealthReport {
  status: 'healthy' | 'unhealthy';
  database: DependencyStatus;
  redis: DependencyStatus;
  service: string;
  version: string;
  node_id: string;
}

const CHECK_TIMEOUT_MS = 2000;

/** Checks the database and Redis for real; the seed guide's `/health` shape is built from this. */
@Injectable()
export class HealthService {
  constructor(
    private readonly config: AppConfig,
    private readonly database: Database,
    @Optional() private readonly state?: StateHealth,
  ) {}

  async databaseStatus(): Promise<DependencyStatus> {
    try {
      await withTimeout(this.database.ping(), CHECK_TIMEOUT_MS);
      return 'connected';
    } catch {
      return 'disconnected';
    }
  }

  async redisStatus(): Promise<DependencyStatus> {
    if (!this.state || this.state.mode === 'memory') {
      return 'embedded';
    }
    try {
      await withTimeout(this.state.ping(), CHECK_TIMEOUT_MS);
      return 'connected';
    } catch {
      return 'disconnected';
    }
  }

  async report(): Promise<HealthReport> {
    const [database, redis] = await Promise.all([this.databaseStatus(), this.redisStatus()]);
    const healthy = database === 'connected' && redis !== 'disconnected';
    return {
      status: healthy ? 'healthy' : 'unhealthy',
      database,
      redis,
      service: this.config.service.name,
      version: this.config.service.version,
      node_id: this.config.service.nodeId,
    };
  }
}
