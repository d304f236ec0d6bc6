import { Logger } from '@nestjs/common';
import { BATCH_KIND } from './inbox-batcher';
import { InboxHandler, InboxMessage } from './node-inbox.store';

/**
 * Routes raw channel payloads to the handlers an inbox registered. Shared by both inbox
 * adapters so they parse, validate and isolate handler failures identically.
 */
export class InboxDispatcher {
  private readonly handlers = new Map<string, Set<InboxHandler>>();

  constructor(
    private readonly broadcastChannel: string,
    private readonly logger: Logger,
  ) {}

  /** Returns true when this is the first handler on `channel`. */
  add(channel: string, handler: InboxHandler): boolean {
    const set = this.handlers.get(channel);
    if (set) {
      set.add(handler);
      return false;
    }
    this.handlers.set(channel, new Set([handler]));
    return true;
  }

  remove(channel: string, handler: InboxHandler): void {
    const set = this.handlers.get(channel);
    if (set?.delete(handler) && set.size === 0) {
      this.handlers.delete(channel);
    }
  }

  /** The direct channels with at least one handler. */
  channels(): string[] {
    return [...this.handlers.keys()];
  }

  clear(): void {
    this.handlers.clear();
  }

  dispatch(channel: string, payload: string): void {
    const targets =
      channel === this.broadcastChannel
        ? [...this.handlers.values()].flatMap((set) => [...set])
        : [...(this.handlers.get(channel) ?? [])];
    if (targets.length === 0) {
      return;
    }
    const msg = this.parse(channel, payload);
    if (!msg) {
      return;
    }
    if (msg.kind !== BATCH_KIND) {
      this.deliver(channel, targets, msg);
      return;
    }
    // Several messages sent in one payload (InboxBatcher), each handled as if it came alone.
    const messages = (msg as { messages?: unknown }).messages;
    if (!Array.isArray(messages)) {
      this.logger.warn(`Dropped malformed inbox batch on ${channel}`);
      return;
    }
    for (const item of messages) {
      if (isMessage(item) && item.kind !== BATCH_KIND) {
        this.deliver(channel, targets, item);
      } else {
        this.logger.warn(`Dropped malformed inbox message in a batch on ${channel}`);
      }
    }
  }

  private deliver(channel: string, targets: InboxHandler[], msg: InboxMessage): void {
    for (const handler of targets) {
      // One failing handler must not starve the others or escape into the client's event loop.
      try {
        handler(msg);
      } catch (err) {
        this.logger.error(`Inbox handler failed for "${msg.kind}" on ${channel}`, (err as Error).stack);
      }
    }
  }

  private parse(channel: string, payload: string): InboxMessage | null {
    try {
      const msg: unknown = JSON.parse(payload);
      if (isMessage(msg)) {
        return msg;
      }
    } catch {
      // fall through to the warning below
    }
    this.logger.warn(`Dropped malformed inbox message on ${channel}`);
    return null;
  }
}

function isMessage(value: unknown): value is InboxMessage {
  return typeof value === 'object' && value !== null && typeof (value as InboxMessage).kind === 'string';
}
