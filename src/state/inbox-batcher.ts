/** The `kind` of a payload that carries several inbox messages (see InboxDispatcher). */
export const BATCH_KIND = 'batch';

/** At most this many messages share one payload; a full batch is sent at once. */
const MAX_BATCH = 64;

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

  constructor(private readonly send: (channel: string, payload: string) => Promise<number>) {}

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
      this.sendBatch(channel, batch);
    }
    return batch.result;
  }

  /** Sends every open batch now (before a shutdown, say). */
  flush(): void {
    const batches = [...this.open];
    this.open.clear();
    for (const [channel, batch] of batches) {
      this.sendBatch(channel, batch);
    }
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

  private sendBatch(channel: string, batch: PendingBatch): void {
    const { payloads } = batch;
    const payload = payloads.length === 1 ? payloads[0] : `{"kind":"${BATCH_KIND}","messages":[${payloads.join(',')}]}`;
    let sent: Promise<number>;
    try {
      sent = this.send(channel, payload);
    } catch (error) {
      sent = Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    batch.settle(sent);
  }
}

function newBatch(): PendingBatch {
  let settle!: (sent: Promise<number>) => void;
  const result = new Promise<number>((resolve) => {
    settle = resolve;
  });
  return { payloads: [], result, settle };
}
