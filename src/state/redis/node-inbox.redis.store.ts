import { BeforeApplicationShutdown, Logger } from '@nestjs/common';
import type Redis from 'ioredis';
import { InboxBatcher } from '../inbox-batcher';
import { InboxDispatcher } from '../inbox-dispatcher';
import { assertInboxNodeId, BROADCAST_INBOX, InboxHandler, InboxMessage, NodeInbox } from '../node-inbox.store';
import { RedisStoreOptions, resolvePrefix } from './redis-support';

/**
 * Redis pub/sub inbox on channels `<prefix>inbox:<nodeId>` and `<prefix>inbox:*all*`.
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
  /** Direct messages of one event-loop turn share a PUBLISH per target node (see InboxBatcher). */
  private readonly batcher: InboxBatcher;
  private listening = false;
  private readonly onMessage = (channel: string, payload: string): void => this.dispatcher.dispatch(channel, payload);

  constructor(
    private readonly publisher: Redis,
    private readonly subscriber: Redis,
    options?: RedisStoreOptions,
  ) {
    super();
    this.channelPrefix = `${resolvePrefix(options)}inbox:`;
    this.broadcastChannel = this.channelPrefix + BROADCAST_INBOX;
    this.dispatcher = new InboxDispatcher(this.broadcastChannel, this.logger);
    this.batcher = new InboxBatcher((channel, payload) => this.publisher.publish(channel, payload));
  }

  async subscribe(nodeId: string, handler: InboxHandler): Promise<void> {
    assertInboxNodeId(nodeId);
    const channel = this.channelPrefix + nodeId;
    this.dispatcher.add(channel, handler);
    if (!this.listening) {
      this.subscriber.on('message', this.onMessage);
      this.listening = true;
    }
    try {
      // SUBSCRIBE is idempotent, so repeating the broadcast channel costs nothing.
      await this.subscriber.subscribe(channel, this.broadcastChannel);
    } catch (err) {
      this.dispatcher.remove(channel, handler);
      throw err;
    }
  }

  async publish(nodeId: string, msg: InboxMessage): Promise<number> {
    assertInboxNodeId(nodeId);
    return this.batcher.publish(this.channelPrefix + nodeId, JSON.stringify(msg));
  }

  async broadcast(msg: InboxMessage): Promise<number> {
    return this.publisher.publish(this.broadcastChannel, JSON.stringify(msg));
  }

  async close(): Promise<void> {
    if (!this.listening) {
      return;
    }
    const channels = [...this.dispatcher.channels(), this.broadcastChannel];
    this.dispatcher.clear();
    this.subscriber.off('message', this.onMessage);
    this.listening = false;
    try {
      await this.subscriber.unsubscribe(...channels);
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
