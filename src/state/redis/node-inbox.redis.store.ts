import { BeforeApplicationShutdown, Logger } from '@nestjs/common';
import { withTimeout } from '../../common/with-timeout';
import { InboxBatcher, OutboundBatch } from '../inbox-batcher';
import { InboxDispatcher } from '../inbox-dispatcher';
import {
  assertInboxNodeId,
  BROADCAST_INBOX,
  InboxHandler,
  InboxMessage,
  inboxNodeIdError,
  NodeInbox,
  PublishDone,
} from '../node-inbox.store';
import { channelPrefix, isCluster, RedisClient, RedisStoreOptions } from './redis-support';

/**
 * A publish caught mid-flight by a Redis outage can wait for the reconnect; its senders must not
 * wait that long for an answer, so it counts as failed after this. One timer per PUBLISH, i.e. per
 * batch, not per message.
 */
const PUBLISH_TIMEOUT_MS = 1_000;
const TIMEOUT_MESSAGE = `no reply within ${PUBLISH_TIMEOUT_MS} ms`;
/** Node ids come and go with deployments; the cache of their channel names starts over past this. */
const MAX_CACHED_CHANNELS = 1_024;

/** The receiver count a pipeline gave its i-th PUBLISH, or that command's error. */
function receiversAt(replies: [Error | null, unknown][] | null, i: number): number {
  const [error, receivers] = replies?.[i] ?? [new Error('pipeline gave no reply'), 0];
  if (error) {
    throw error;
  }
  return Number(receivers);
}

/**
 * Redis pub/sub inbox on channels `<prefix>{<scope>}:inbox:<nodeId>` and `<prefix>{<scope>}:inbox:*all*`,
 * the scope being the publisher's database number or a deployment name (see channelPrefix).
 *
 * On a Redis Cluster the inbox uses sharded pub/sub (SPUBLISH/SSUBSCRIBE, Redis 7) on
 * `<prefix>[<scope>:]inbox:{<nodeId>}`: the node id is the hash tag, so each node's inbox lives on
 * one shard, which alone carries its messages, and the inboxes spread over the shards. Classic
 * PUBLISH on a cluster would be forwarded to every shard. Broadcasts (rare: a closed session, a
 * drained node) use one shard channel `…inbox:{*all*}` that every node subscribes to, so their
 * receiver count is exact as on one Redis.
 *
 * A connection in subscriber mode cannot run other commands, so publishing uses the
 * regular client and subscribing a dedicated one (typically `client.duplicate()`),
 * which this inbox expects to own: `close()` unsubscribes everything it subscribed.
 * ioredis re-subscribes by itself after a reconnect; messages sent meanwhile are lost,
 * which matches the at-most-once contract.
 */
export class RedisNodeInbox extends NodeInbox implements BeforeApplicationShutdown {
  private readonly logger = new Logger(RedisNodeInbox.name);
  private readonly channelPrefix: string;
  private readonly broadcastChannel: string;
  private readonly dispatcher: InboxDispatcher;
  /** Direct messages of one event-loop turn share a PUBLISH per target node (see InboxBatcher), and those PUBLISHes one write. */
  private readonly batcher: InboxBatcher;
  private readonly directChannels = new Map<string, string>();
  private listening = false;
  /** Sharded pub/sub: the connections are a Redis Cluster's. */
  private readonly sharded: boolean;
  private readonly messageEvent: 'message' | 'smessage';
  private readonly onMessage = (channel: string, payload: string): void => this.dispatcher.dispatch(channel, payload);

  constructor(
    private readonly publisher: RedisClient,
    private readonly subscriber: RedisClient,
    options?: RedisStoreOptions,
  ) {
    super();
    this.sharded = isCluster(publisher);
    this.messageEvent = this.sharded ? 'smessage' : 'message';
    const db = isCluster(publisher) ? undefined : publisher.options.db;
    this.channelPrefix = `${channelPrefix({ ...options, cluster: this.sharded }, db)}inbox:`;
    this.broadcastChannel = this.channelOf(BROADCAST_INBOX);
    this.dispatcher = new InboxDispatcher(this.broadcastChannel, this.logger);
    this.batcher = new InboxBatcher((batches) => this.publishBatches(batches), this.logger);
  }

  async subscribe(nodeId: string, handler: InboxHandler): Promise<void> {
    assertInboxNodeId(nodeId);
    const channel = this.channelOf(nodeId);
    this.dispatcher.add(channel, handler);
    if (!this.listening) {
      this.subscriber.on(this.messageEvent, this.onMessage);
      this.listening = true;
    }
    try {
      // SUBSCRIBE is idempotent, so repeating the broadcast channel costs nothing. An SSUBSCRIBE
      // names channels of one slot only, so the two go separately.
      if (this.sharded) {
        await Promise.all([this.subscriber.ssubscribe(channel), this.subscriber.ssubscribe(this.broadcastChannel)]);
      } else {
        await this.subscriber.subscribe(channel, this.broadcastChannel);
      }
    } catch (err) {
      this.dispatcher.remove(channel, handler);
      throw err;
    }
  }

  /** No promise per message: the batch's one answer reaches every `done` of it (see InboxBatcher). */
  post(nodeId: string, text: string, done: PublishDone): void {
    const invalid = inboxNodeIdError(nodeId);
    if (invalid) {
      queueMicrotask(() => done(0, invalid));
      return;
    }
    this.batcher.publish(this.directChannel(nodeId), text, done);
  }

  async broadcast(msg: InboxMessage): Promise<number> {
    return this.send(this.broadcastChannel, JSON.stringify(msg));
  }

  /** Node ids are few; their channel names are kept rather than concatenated (and hashed) per message. */
  private directChannel(nodeId: string): string {
    let channel = this.directChannels.get(nodeId);
    if (channel === undefined) {
      if (this.directChannels.size >= MAX_CACHED_CHANNELS) {
        this.directChannels.clear();
      }
      channel = this.channelOf(nodeId);
      this.directChannels.set(nodeId, channel);
    }
    return channel;
  }

  private channelOf(nodeId: string): string {
    return this.sharded ? `${this.channelPrefix}{${nodeId}}` : this.channelPrefix + nodeId;
  }

  /** Not async: on one Redis the PUBLISH's own promise is returned, with no wrapper per batch. */
  private send(channel: string, payload: string): Promise<number> {
    return this.sharded
      ? this.publisher.spublish(channel, payload).then(Number)
      : this.publisher.publish(channel, payload);
  }

  /**
   * The batches of one turn (one per target node) leave in one write: a lone PUBLISH as is, several
   * as one pipeline. The publisher does not auto-pipeline, which would wrap even a lone PUBLISH in a
   * pipeline of its own on a later tick. One timer covers the whole write. On a cluster, where a
   * pipeline must stay on one shard, each SPUBLISH goes on its own and the cluster publisher's
   * auto-pipelining gathers those of one turn per shard.
   */
  private publishBatches(batches: readonly OutboundBatch[]): Promise<number>[] {
    if (batches.length === 1 || this.sharded) {
      return batches.map(([channel, payload]) =>
        withTimeout(this.send(channel, payload), PUBLISH_TIMEOUT_MS, TIMEOUT_MESSAGE),
      );
    }
    const replies = withTimeout(
      this.publisher.pipeline(batches.map(([channel, payload]) => ['publish', channel, payload])).exec(),
      PUBLISH_TIMEOUT_MS,
      TIMEOUT_MESSAGE,
    );
    return batches.map((_, i) => replies.then((all) => receiversAt(all, i)));
  }

  async close(): Promise<void> {
    if (!this.listening) {
      return;
    }
    const channels = [...this.dispatcher.channels(), this.broadcastChannel];
    this.dispatcher.clear();
    this.subscriber.off(this.messageEvent, this.onMessage);
    this.listening = false;
    try {
      if (this.sharded) {
        await Promise.all(channels.map((channel) => this.subscriber.sunsubscribe(channel)));
      } else {
        await this.subscriber.unsubscribe(...channels);
      }
    } catch (err) {
      // The connection may already be down during shutdown; nothing is left to clean up then.
      this.logger.warn(`Inbox unsubscribe failed: ${(err as Error).message}`);
    }
  }

  /** Runs before connections are closed, so unsubscribing (and a last batch) can still reach Redis. */
  async beforeApplicationShutdown(): Promise<void> {
    this.batcher.flush();
    await this.close();
  }
}
