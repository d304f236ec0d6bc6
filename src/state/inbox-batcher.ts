/** The `kind` of a payload that carries several inbox messages (see InboxDispatcher). */
export const BATCH_KIND = 'batch';

/** At most this many messages share one payload; a full batch is sent at once. */
const MAX_BATCH = 64;

/** A batch ready to leave: its channel and its payload. */
export type OutboundBatch = readonly [channel: string, payload: string];

/**
 * Sends batches (several when a turn wrote to several channels), in order, and answers each with
 * its receiver count; it may send them together, so they cost one write.
 */
export type BatchSender = (batches: readonly OutboundBatch[]) => Promise<number>[];

interface PendingBatch {
  readonly payloads: string[];
  readonly result: Promise<number>;
  settle(sent: Promise<number>): void;
}

/**
 * Gathers the messages published to one channel during a turn of the event loop into one payload,
 * sent when the turn's I/O callbacks are done (setImmediate). A relaying node publishes once per
 * signal to another node; batching those shares one PUBLISH, one Redis fan-out and one decode on
 * the receiving node among all the signals of a turn, instead of paying each per message.
 *
 * Order is kept: one open batch per channel, batches sent in the order they were opened, on one
 * connection. Every message of a batch gets the batch's answer (its receiver count or its error).
 */
export class InboxBatcher {
  private readonly open = new Map<string, PendingBatch>();
  private scheduled = false;

  constructor(private readonly send: BatchSender) {}

  publish(channel: string, payload: string): Promise<number> {
    let batch = this.open.get(channel);
    if (batch === undefined) {
      batch = newBatch();
      this.open.set(channel, batch);
      this.schedule();
    }
    batch.payloads.push(payload);
    if (batch.payloads.length >= MAX_BATCH) {
      this.open.delete(channel);
      this.sendBatches([[channel, batch]]);
    }
    return batch.result;
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
    const outbound = batches.map(([channel, { payloads }]): OutboundBatch => [
      channel,
      payloads.length === 1 ? payloads[0] : `{"kind":"${BATCH_KIND}","messages":[${payloads.join(',')}]}`,
    ]);
    let sent: Promise<number>[];
    try {
      sent = this.send(outbound);
    } catch (error) {
      const failed = Promise.reject(error instanceof Error ? error : new Error(String(error)));
      sent = outbound.map(() => failed);
    }
    batches.forEach(([, batch], i) => batch.settle(sent[i]));
  }
}

function newBatch(): PendingBatch {
  let settle!: (sent: Promise<number>) => void;
  const result = new Promise<number>((resolve) => {
    settle = resolve;
  });
  return { payloads: [], result, settle };
}
