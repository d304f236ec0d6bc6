import { Logger } from '@nestjs/common';
import { RECORD_SEPARATOR } from './inbox-batcher';
import { InboxHandler, InboxMessage, PACKED_SEPARATOR, PackedInboxMessage } from './node-inbox.store';

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

  /** One payload: one encoded message, or several separated by RECORD_SEPARATOR (InboxBatcher). */
  dispatch(channel: string, payload: string): void {
    const targets =
      channel === this.broadcastChannel
        ? [...this.handlers.values()].flatMap((set) => [...set])
        : [...(this.handlers.get(channel) ?? [])];
    if (targets.length === 0) {
      return;
    }
    // Each record handled as if it came alone; a malformed one is dropped, not the rest.
    let start = 0;
    for (;;) {
      const end = payload.indexOf(RECORD_SEPARATOR, start);
      const msg = this.decode(channel, end < 0 ? payload.slice(start) : payload.slice(start, end));
      if (msg) {
        this.deliver(channel, targets, msg);
      }
      if (end < 0) {
        return;
      }
      start = end + 1;
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

  /**
   * A JSON record is parsed and checked; a packed one (`<kind>\t<text>`) is handed on as
   * `{ kind, packed }` unparsed: its kind's handler decodes the text itself.
   */
  private decode(channel: string, record: string): InboxMessage | null {
    if (record.charCodeAt(0) !== OPEN_BRACE) {
      const tab = record.indexOf(PACKED_SEPARATOR);
      if (tab > 0) {
        const packed: PackedInboxMessage = { kind: record.slice(0, tab), packed: record.slice(tab + 1) };
        return packed;
      }
    } else {
      try {
        const msg: unknown = JSON.parse(record);
        if (isMessage(msg)) {
          return msg;
        }
      } catch {
        // fall through to the warning below
      }
    }
    this.logger.warn(`Dropped malformed inbox message on ${channel}`);
    return null;
  }
}

const OPEN_BRACE = 0x7b;

function isMessage(value: unknown): value is InboxMessage {
  return typeof value === 'object' && value !== null && typeof (value as InboxMessage).kind === 'string';
}
