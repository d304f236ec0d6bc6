import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { withTimeout } from '../common/with-timeout';
import { InboxListener } from './inbox-listener';
import { LiveState } from './live-state.service';
import { NodeBeat } from './node-beat';
import { NodeDrain } from './node-drain';
import { NodeFailover } from './node-failover';
import { PingSweeper } from './ping-sweeper';
import { ReconnectGrace } from './reconnect-grace';
import { LIVE_REFRESH_MS, NODE_BEAT_MS } from './signaling.timing';
import { logFailure } from '../common/outage';

const BOOT_WAIT_MS = 3000;

/** How often to look for nodes that died without draining (see NodeFailover for the grace). */
const FAILOVER_CHECK_MS = 2_000;

/** How often held seats whose reconnection grace ran out are freed (so a seat is freed at most a second late). */
const GRACE_SWEEP_MS = 1_000;

/**
 * The node's background duties and their order: subscribe to the inbox before the first beat (so
 * the node is reachable before it is listed), then protocol pings, the node-registry beat, the
 * failover check and the live-state refresh on timers, and a clean drain on shutdown.
 */
@Injectable()
export class SignalingLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown, OnModuleDestroy {
  private readonly logger = new Logger(SignalingLifecycle.name);
  private readonly timers: NodeJS.Timeout[] = [];

  constructor(
    private readonly listener: InboxListener,
    private readonly beat: NodeBeat,
    private readonly liveState: LiveState,
    private readonly failover: NodeFailover,
    private readonly pings: PingSweeper,
    private readonly drain: NodeDrain,
    private readonly grace: ReconnectGrace,
  ) {}

  /** Redis being down must not stop a node from starting: it serves its own peers meanwhile. */
  async onApplicationBootstrap(): Promise<void> {
    const subscribed = this.listener.subscribe();
    try {
      await withTimeout(subscribed, BOOT_WAIT_MS);
      await withTimeout(this.beat.beat(), BOOT_WAIT_MS);
    } catch (error) {
      subscribed.catch((late: Error) => logFailure(this.logger, 'Inbox subscription', late));
      this.logger.warn(
        `Shared live state not reachable at start-up (${(error as Error).message}): this node serves its own players and keeps retrying`,
      );
    }
    this.every('Protocol ping sweep', this.pings.sliceMs, () => this.pings.sweep());
    this.every('Node beat', NODE_BEAT_MS, () => this.beat.beatAndRecover());
    this.every('Failover check', FAILOVER_CHECK_MS, () => this.failover.check());
    if (this.grace.enabled) {
      this.every('Reconnection grace sweep', GRACE_SWEEP_MS, () => this.grace.sweep());
    }
    this.every('Live-state refresh', LIVE_REFRESH_MS, () => this.liveState.refresh());
  }

  /** A duty failing because Redis is down is not logged each time: the outage is told once (RedisOutageLog). */
  private every(name: string, ms: number, job: () => unknown): void {
    const timer = setInterval(() => {
      Promise.resolve(job()).catch((error: unknown) => logFailure(this.logger, name, error));
    }, ms);
    timer.unref();
    this.timers.push(timer);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.clearTimers();
    await this.drain.drain();
  }

  onModuleDestroy(): void {
    this.clearTimers();
  }

  private clearTimers(): void {
    for (const timer of this.timers.splice(0)) {
      clearInterval(timer);
    }
  }
}
