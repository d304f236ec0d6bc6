import type Redis from 'ioredis';
import { withTimeout } from '../common/with-timeout';

export type StateMode = 'redis' | 'memory';

/** Budget for a health ping; a slower Redis is as bad as a dead one for live signaling. */
const PING_TIMEOUT_MS = 1_000;

/** Reports whether the live-state backend answers; meant for health and readiness checks. */
export class StateHealth {
  constructor(
    readonly mode: StateMode,
    private readonly client?: Redis,
  ) {}

  /** 'up' when Redis answers, 'embedded' without Redis; throws when Redis is down or slow. */
  async ping(): Promise<'up' | 'embedded'> {
    if (!this.client) {
      return 'embedded';
    }
    await withTimeout(this.client.ping(), PING_TIMEOUT_MS, `Redis did not answer PING within ${PING_TIMEOUT_MS} ms`);
    return 'up';
  }
}
