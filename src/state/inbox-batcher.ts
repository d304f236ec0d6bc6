import { Logger } from '@nestjs/common';
import type { PublishDone } from './node-inbox.store';

/**
 * Records (encoded inbox messages) of one payload are separated by a line break: every encoding the
 * inbox accepts is one line (JSON.stringify never writes a raw line break; see NodeInbox.publishEncoded).
 */
export const RECORD_SEPARATOR = '\n';

/** At most this many messages share one payload; a full batch is sent at once. */
const MAX_BATCH = 256;

/** A batch ready to leave: its channel and its payload. */
export type OutboundBatch = readonly [channel: string, payload: string];

/**
 * Sends batches (several when a turn wrote to several channels), in order, and answers each with
 * its receiver count; it may send them together, so they cost one write.
 */
export type BatchSender = (batches: readonly OutboundBatch[]) => Promise<number>[];

interface PendingBatch {
  readonly records: string[];
  readonly done: PublishDone[];
}

/**
 * Gathers the messages published to one channel into one payload. A relaying node publishes once per
 * signal to another node; batching those shares one PUBLISH (one write syscall), one Redis fan-out
 * and one read on the receiving node among many signals, instead of paying each per message.
 *
 * When a batch leaves is self-clocked, like Nagle's algorithm: at the end of a turn's I/O callbacks
 * (setImmediate) a channel's batch is sent unless that channel's previous PUBLISH is still
 * unanswered; then it keeps filling until the answer comes and leaves at once. An idle channel adds
 * no wait; a busy one sends as often as Redis answers, in batches as large as the load makes them
 * (the write syscall per PUBLISH was a node's largest item when every turn sent its own).
 *
 * Order is kept: one open batch per channel, batches sent in the order they were opened, on one
 * connection. Every message of a batch gets the batch's answer (its receiver count or its error)
 * through its callback: one promise per batch, none per message.
 */
export class InboxBatcher {
  private readonly open = new Map<string, PendingBatch>();
  /** Unanswered PUBLISHes per channel (more than one only when full batches left early). */
  private readonly inFlight = new Map<string, number>();
  private scheduled = false;

  constructor(
    private readonly send: BatchSender,
    private readonly logger: Logger,
  ) {}

  /** Adds `record` to `channel`'s batch; `done` is called once, after the batch's PUBLISH is answered. */
  publish(channel: string, record: string, done: PublishDone): void {
    let batch = this.open.get(channel);
    if (batch === undefined) {
      batch = { records: [], done: [] };
      this.open.set(channel, batch);
      this.schedule();
    }
    batch.records.push(record);
    batch.done.push(done);
    if (batch.records.length >= MAX_BATCH) {
      this.open.delete(channel);
      this.sendBatches([[channel, batch]]);
    }
  }

  /** Sends every open batch now, answered or not (before a shutdown, say). */
  flush(): void {
    this.sendOpen(() => true);
  }

  private schedule(): void {
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => {
        this.scheduled = false;
        // A channel still waiting for Redis keeps its batch open; the answer sends it (settled).
        this.sendOpen((channel) => !this.inFlight.has(channel));
      });
    }
  }

  private sendOpen(ready: (channel: string) => boolean): void {
    if (this.open.size === 0) {
      return;
    }
    const batches: [string, PendingBatch][] = [];
    for (const entry of this.open) {
      if (ready(entry[0])) {
        batches.push(entry);
      }
    }
    for (const [channel] of batches) {
      this.open.delete(channel);
    }
    if (batches.length > 0) {
      this.sendBatches(batches);
    }
  }

  /** One PUBLISH of `channel` was answered: a batch held back for it leaves now. */
  private answered(channel: string): void {
    const left = (this.inFlight.get(channel) ?? 1) - 1;
    if (left > 0) {
      this.inFlight.set(channel, left);
      return;
    }
    this.inFlight.delete(channel);
    const held = this.open.get(channel);
    if (held !== undefined) {
      this.open.delete(channel);
      this.sendBatches([[channel, held]]);
    }
  }

  private sendBatches(batches: readonly [string, PendingBatch][]): void {
    const outbound = batches.map(([channel, { records }]): OutboundBatch => [
      channel,
      records.length === 1 ? records[0] : records.join(RECORD_SEPARATOR),
    ]);
    let sent: Promise<number>[];
    try {
      sent = this.send(outbound);
    } catch (error) {
      const failed = Promise.reject(error instanceof Error ? error : new Error(String(error)));
      sent = outbound.map(() => failed);
    }
    batches.forEach(([channel, batch], i) => {
      this.inFlight.set(channel, (this.inFlight.get(channel) ?? 0) + 1);
      void sent[i].then(
        (receivers) => this.settle(channel, batch.done, receivers),
        (error: Error) => this.settle(channel, batch.done, 0, error),
      );
    });
  }

  /** A throwing callback must not skip the others nor escape as an unhandled rejection. */
  private settle(channel: string, callbacks: PublishDone[], receivers: number, error?: Error): void {
    this.answered(channel);
    for (const done of callbacks) {
      try {
        done(receivers, error);
      } catch (err) {
        this.logger.error('Inbox publish callback failed', (err as Error).stack);
      }
    }
  }
}
