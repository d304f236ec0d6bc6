import { isCluster, RedisClient } from './redis/redis-support';
import type { Cluster } from 'ioredis';
import { withTimeout } from '../common/with-timeout';

export type StateMode = 'redis' | 'memory';

/** Budget for a health ping; a slower Redis is as bad as a dead one for live signaling. */
const PING_TIMEOUT_MS = 1_000;

/** Reports whether the live-state backend answers; meant for health and readiness checks. */
export class StateHealth {
  constructor(
    readonly mode: StateMode,
    private readonly client?: RedisClient,
  ) {}

  /**
   * 'up' when Redis answers, 'embedded' without Redis; throws when Redis is down or slow. On a
   * cluster every master must answer (a PING to the cluster client would ask one node at random,
   * and live state spans them all), and the cluster must know at least one.
   */
  async ping(): Promise<'up' | 'embedded'> {
    if (!this.client) {
      return 'embedded';
    }
    const answered: Promise<unknown> = isCluster(this.client) ? this.pingMasters(this.client) : this.client.ping();
    await withTimeout(answered, PING_TIMEOUT_MS, `Redis did not answer PING within ${PING_TIMEOUT_MS} ms`);
    return 'up';
  }

  private async pingMasters(cluster: Cluster): Promise<void> {
    const masters = cluster.nodes('master');
    if (cluster.status !== 'ready' || masters.length === 0) {
      throw new Error(`Redis Cluster is not ready (${cluster.status})`);
    }
    await Promise.all(masters.map((node) => node.ping()));
  }
}
