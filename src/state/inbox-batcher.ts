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
 * Gathers the messages published to one channel during a turn of the event loop into one payload,
 * sent when the turn's I/O callbacks are done (setImmediate). A relaying node publishes once per
 * signal to another node; batching those shares one PUBLISH, one Redis fan-out and one decode on
 * the receiving node among all the signals of a turn, instead of paying each per message.
 *
 * Order is kept: one open batch per channel, batches sent in the order they were opened, on one
 * connection. Every message of a batch gets the batch's answer (its receiver count or its error)
 * through its callback: one promise per batch, none per message.
 */
export class InboxBatcher {
  private readonly open = new Map<string, PendingBatch>();
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

  /** Sends every open batch now (before a shutdown, say). */
  flush(): void {
    if (this.open.size === 0) {
      return;
    }
    const batches = [...this.open];
    this.open.clear();
    this.sendBatches(batches);
  }

  private schedule(): void {
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => {
        this.scheduled = false;
        this.flush();
      });
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
    batches.forEach(([, batch], i) => {
      void sent[i].then(
        (receivers) => this.settle(batch.done, receivers),
        (error: Error) => this.settle(batch.done, 0, error),
      );
    });
  }

  /** A throwing callback must not skip the others nor escape as an unhandled rejection. */
  private settle(callbacks: PublishDone[], receivers: number, error?: Error): void {
    for (const done of callbacks) {
      try {
        done(receivers, error);
      } catch (err) {
        this.logger.error('Inbox publish callback failed', (err as Error).stack);
      }
    }
  }
}
