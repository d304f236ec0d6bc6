/* eslint-disable @typescript-eslint/require-await -- the ports are async for Redis; here the bodies are
   deliberately synchronous, which is what makes each method atomic. */
import { BeforeApplicationShutdown, Logger } from '@nestjs/common';
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

type Receiver = (channel: string, payload: string) => void;

/**
 * In-process stand-in for Redis pub/sub. Each inbox registers once per channel, like one
 * subscriber connection, so publish counts receivers the way PUBLISH does. Several inboxes
 * can share a bus (e.g. to simulate several nodes in one process).
 */
export class InProcessBus {
  private readonly channels = new Map<string, Set<Receiver>>();

  subscribe(channel: string, receiver: Receiver): void {
    const set = this.channels.get(channel) ?? new Set<Receiver>();
    set.add(receiver);
    this.channels.set(channel, set);
  }

  unsubscribe(channel: string, receiver: Receiver): void {
    const set = this.channels.get(channel);
    if (set?.delete(receiver) && set.size === 0) {
      this.channels.delete(channel);
    }
  }

  publish(channel: string, payload: string): number {
    const receivers = [...(this.channels.get(channel) ?? [])];
    // Deliver on a later tick, as Redis would, so handlers never run inside publish().
    for (const receive of receivers) {
      setImmediate(() => receive(channel, payload));
    }
    return receivers.length;
  }
}

/** Messages are JSON round-tripped like on Redis, so callers see the same serialisation rules. */
export class MemoryNodeInbox extends NodeInbox implements BeforeApplicationShutdown {
  private readonly logger = new Logger(MemoryNodeInbox.name);
  private readonly dispatcher = new InboxDispatcher(BROADCAST_INBOX, this.logger);
  private readonly receive: Receiver = (channel, payload) => this.dispatcher.dispatch(channel, payload);
  private broadcastSubscribed = false;

  constructor(private readonly bus: InProcessBus = new InProcessBus()) {
    super();
  }

  async subscribe(nodeId: string, handler: InboxHandler): Promise<void> {
    assertInboxNodeId(nodeId);
    if (this.dispatcher.add(nodeId, handler)) {
      this.bus.subscribe(nodeId, this.receive);
    }
    if (!this.broadcastSubscribed) {
      this.bus.subscribe(BROADCAST_INBOX, this.receive);
      this.broadcastSubscribed = true;
    }
  }

  post(nodeId: string, text: string, done: PublishDone): void {
    const invalid = inboxNodeIdError(nodeId);
    const receivers = invalid ? 0 : this.bus.publish(nodeId, text);
    // Answered later, as Redis would: never inside post().
    queueMicrotask(() => done(receivers, invalid));
  }

  async broadcast(msg: InboxMessage): Promise<number> {
    return this.bus.publish(BROADCAST_INBOX, JSON.stringify(msg));
  }

  async close(): Promise<void> {
    for (const channel of this.dispatcher.channels()) {
      this.bus.unsubscribe(channel, this.receive);
    }
    this.bus.unsubscribe(BROADCAST_INBOX, this.receive);
    this.broadcastSubscribed = false;
    this.dispatcher.clear();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.close();
  }
}
