import { Logger, OnApplicationShutdown } from '@nestjs/common';
import type { RedisModuleOptions } from '@nestjs-modules/ioredis';
import type { AppConfig } from '../../config/app-config';
import { endpointOf, OutageNotice } from '../../common/outage';
import { withTimeout } from '../../common/with-timeout';
import { isCluster, RedisClient } from './redis-support';

/** How long to wait for the first connection at boot before carrying on without it. */
const FIRST_CONNECT_MS = 5_000;
const QUIT_TIMEOUT_MS = 1_000;

/**
 * The command client as `RedisModule` creates it. `maxRetriesPerRequest: 1` and
 * `enableOfflineQueue: false`: while Redis is unreachable every call fails at once instead of
 * queueing in memory without bound, so request handlers fail fast and health checks report the
 * outage. It connects at once (not lazily) and reconnects with ioredis' default retry strategy. No
 * `keyPrefix`: the adapters prefix keys and channels themselves (see redis-support.ts).
 *
 * On a cluster (REDIS_CLUSTER_NODES) the same, through ioredis' `Cluster`, with auto-pipelining: a
 * read of many peers' keys, which one MGET answers on one Redis, is a GET per key there (keys of
 * one MGET must share a slot), and auto-pipelining sends those of one turn in one write per shard.
 */
export function commandClientOptions(
  redis: Pick<AppConfig['redis'], 'url' | 'clusterNodes' | 'password'>,
  outages: RedisOutageLog,
): RedisModuleOptions {
  // Called as soon as the client exists, before it can fail: an `error` event without a listener
  // would be printed by ioredis instead of logged once.
  const onClientReady = (client: RedisClient): void => outages.watch(client, 'command');
  if (redis.clusterNodes?.length) {
    return {
      type: 'cluster',
      nodes: redis.clusterNodes,
      options: {
        lazyConnect: false,
        enableOfflineQueue: false,
        enableAutoPipelining: true,
        redisOptions: { maxRetriesPerRequest: 1, password: redis.password },
      },
      onClientReady,
    };
  }
  if (!redis.url) {
    throw new Error('Redis options asked for without REDIS_URL or REDIS_CLUSTER_NODES');
  }
  return {
    type: 'single',
    url: redis.url,
    // No auto-pipelining on one Redis: it saves writes in a reconnect storm, but delays every command
    // to the next turn, and the joins bench's p99 rose from about 15 ms to about 45 ms with it.
    options: { lazyConnect: false, maxRetriesPerRequest: 1, enableOfflineQueue: false },
    onClientReady,
  };
}

/** Default Redis port, for messages about a REDIS_URL that names none. */
const REDIS_PORT = 6379;

/**
 * Tells the operator once when Redis becomes unreachable and once when it is back, in their words
 * (what is down, what still works, what to check), however many of the three connections fail and
 * reconnect in between, and nothing while the node shuts down. Without an `error` listener ioredis'
 * EventEmitter would report every failed reconnect itself.
 */
export class RedisOutageLog {
  private readonly notice: OutageNotice;

  /** `cluster`: the seeds of REDIS_CLUSTER_NODES, named instead of the URL. */
  constructor(url?: string, cluster?: readonly { host: string; port: number }[]) {
    const what = cluster?.length
      ? `Redis Cluster at ${cluster.map(({ host, port }) => `${host}:${port}`).join(', ')}`
      : `Redis at ${endpointOf(url, REDIS_PORT)}`;
    const check = cluster?.length
      ? 'check REDIS_CLUSTER_NODES and the cluster'
      : 'check REDIS_URL and the Redis server';
    this.notice = new OutageNotice(new Logger(RedisConnections.name), {
      down: (detail) =>
        `${what} is unreachable (${detail}): cross-node signaling and shared live state are paused; ` +
        `players on this node keep their sessions and signals between them still flow; ${check}`,
      up: `${what} is reachable again: cross-node signaling and shared live state resume`,
    });
  }

  /** Whether any connection is failing now. */
  get down(): boolean {
    return this.notice.down;
  }

  watch(conn: Pick<RedisClient, 'on'>, role: string): void {
    conn.on('error', (err: Error) => this.notice.failed(role, err.message || String(err)));
    // A connection the server (or a proxy) drops may close without an `error`; it is down all the same.
    conn.on('close', () => this.notice.failed(role, 'connection closed'));
    conn.on('ready', () => this.notice.recovered(role));
  }

  shuttingDown(): void {
    this.notice.silence();
  }
}

/**
 * The command client (from `RedisModule`), the publisher and the pub/sub subscriber connection.
 *
 * The subscriber keeps the offline queue, because SUBSCRIBE issued during a reconnect should simply
 * wait for the connection (ioredis re-subscribes afterwards anyway). The publisher carries
 * cross-node messages (relayed signals between nodes): the inbox gathers the messages of one
 * event-loop turn into one write itself (a PUBLISH per target node, pipelined), so it needs no
 * auto-pipelining, and on their own connection they never queue behind a slow script of the
 * command client. It fails fast like the command client. Both are duplicates of the command client,
 * so they share its URL and options.
 *
 * On a cluster the subscriber is a cluster client with sharded subscribers (a connection to each
 * master that holds a subscribed inbox, for SSUBSCRIBE), and the publisher auto-pipelines: its
 * SPUBLISHes to different shards cannot share one explicit pipeline.
 *
 * All three are closed here, each with a bounded QUIT. `RedisModule` also quits the command client
 * at shutdown, without a bound; RedisConnectionsModule's place makes this run first (see there).
 */
export class RedisConnections implements OnApplicationShutdown {
  readonly subscriber: RedisClient;
  readonly publisher: RedisClient;

  constructor(
    readonly client: RedisClient,
    private readonly outages: RedisOutageLog,
  ) {
    if (isCluster(client)) {
      this.subscriber = client.duplicate([], {
        enableOfflineQueue: true,
        enableAutoPipelining: false,
        shardedSubscribers: true,
      });
      this.publisher = client.duplicate([], { enableAutoPipelining: true });
    } else {
      // The inbox connections batch their own traffic (InboxBatcher); they keep one write per command.
      this.subscriber = client.duplicate({ enableOfflineQueue: true, enableAutoPipelining: false });
      this.publisher = client.duplicate({ enableAutoPipelining: false });
    }
    outages.watch(this.subscriber, 'subscriber');
    outages.watch(this.publisher, 'publisher');
  }

  /**
   * Resolves once the first connection attempt of the command client settles. Boot is
   * not failed when Redis is down: calls fail fast and the health check reports it.
   */
  async firstConnect(): Promise<void> {
    if (this.client.status === 'ready') {
      return;
    }
    await new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.client.off('ready', done).off('error', done);
        resolve();
      };
      const timer = setTimeout(done, FIRST_CONNECT_MS);
      this.client.once('ready', done).once('error', done);
    });
  }

  async onApplicationShutdown(): Promise<void> {
    this.outages.shuttingDown();
    await Promise.all([this.close(this.subscriber), this.close(this.publisher), this.close(this.client)]);
  }

  /**
   * QUIT lets pending replies arrive; if Redis does not answer, the socket is dropped.
   * Either way this waits for the connection to end, so shutdown leaves no open socket.
   */
  private async close(conn: RedisClient): Promise<void> {
    if (conn.status === 'end') {
      return;
    }
    const ended = new Promise<void>((resolve) => conn.once('end', resolve));
    try {
      await withTimeout(conn.quit(), QUIT_TIMEOUT_MS);
    } catch {
      conn.disconnect();
    }
    await withTimeout(ended, QUIT_TIMEOUT_MS).catch(() => conn.disconnect());
  }
}
