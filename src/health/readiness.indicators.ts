import { Injectable, Optional } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { AppConfig } from '../config/app-config';
import { Database } from '../database/database.service';
import { redisErrors } from '../metrics/ops.metrics';
import { NodeRegistryStore } from '../state/node-registry.store';
import { StateHealth } from '../state/state-health';
import { NODE_TTL_MS } from '../signaling/signaling.timing';
import { ShutdownState } from './shutdown-state';

/** A probe must answer well inside a kubelet's default 1 s timeout budget times its retries. */
const CHECK_TIMEOUT_MS = 2_000;

/** The checks behind GET /health/ready, each a terminus indicator keyed by what it checks. */
@Injectable()
export class ReadinessIndicators {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly config: AppConfig,
    private readonly db: Database,
    private readonly shutdown: ShutdownState,
    private readonly nodes: NodeRegistryStore,
    @Optional() private readonly state?: StateHealth,
  ) {}

  accepting(): HealthIndicatorResult<'node'> {
    const check = this.indicators.check('node');
    return this.shutdown.shuttingDown ? check.down({ message: 'shutting down' }) : check.up();
  }

  database(): PromiseLike<HealthIndicatorResult<'database'>> {
    return this.indicators
      .check('database')
      .attempt(async () => {
        await this.db.ping();
        return { mode: this.config.db.embedded ? 'embedded' : 'postgresql' };
      })
      .withTimeout(CHECK_TIMEOUT_MS);
  }

  redis(): PromiseLike<HealthIndicatorResult<'redis'>> {
    return this.indicators
      .check('redis')
      .attempt(async () => {
        try {
          return { mode: (await this.state?.ping()) === 'up' ? 'redis' : 'embedded' };
        } catch (error) {
          redisErrors.inc();
          throw error;
        }
      })
      .withTimeout(CHECK_TIMEOUT_MS);
  }

  /** This node's registry entry exists and its last beat is younger than the entry's TTL. */
  registry(): PromiseLike<HealthIndicatorResult<'registry'>> {
    const nodeId = this.config.service.nodeId;
    return this.indicators
      .check('registry')
      .attempt(async () => {
        const entry = await this.nodes.get(nodeId);
        const age = entry ? Date.now() - entry.lastBeat : undefined;
        if (age === undefined || age > NODE_TTL_MS) {
          throw new Error(entry ? `last beat ${age} ms ago` : `node ${nodeId} is not registered`);
        }
        return { node_id: nodeId, last_beat_ms_ago: age };
      })
      .withTimeout(CHECK_TIMEOUT_MS);
  }
}
