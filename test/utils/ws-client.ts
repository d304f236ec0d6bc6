import WebSocket from 'ws';

export interface Received {
  type: string;
  [key: string]: unknown;
}

/** A real `ws` client that queues what it receives, with timeouts on every wait. */
export class TestWsClient {
  readonly messages: Received[] = [];
  readonly binaries: Buffer[] = [];
  private binaryWaiters: ((data: Buffer) => void)[] = [];
  private waiters: { match: (m: Received) => boolean; resolve: (m: Received) => void }[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  readonly opened: Promise<void>;

  constructor(readonly ws: WebSocket) {
    this.opened = new Promise((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    this.closed = new Promise((resolve) =>
      ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );
    ws.on('message', (data, isBinary) => {
      if (isBinary) {
        const waiter = this.binaryWaiters.shift();
        if (waiter) {
          waiter(data as Buffer);
        } else {
          this.binaries.push(data as Buffer);
        }
        return;
      }
      const message = JSON.parse((data as Buffer).toString('utf8')) as Received;
      const index = this.waiters.findIndex((waiter) => waiter.match(message));
      if (index >= 0) {
        const [waiter] = this.waiters.splice(index, 1);
        waiter.resolve(message);
      } else {
        this.messages.push(message);
      }
    });
  }

  static async connect(
    baseUrl: string,
    query = '',
    path = '/api/v1/signaling/ws',
    headers: Record<string, string> = {},
  ): Promise<TestWsClient> {
    const client = new TestWsClient(new WebSocket(`${baseUrl}${path}${query}`, { perMessageDeflate: false, headers }));
    await client.opened;
    return client;
  }

  send(message: unknown): void {
    this.ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  /** Resolves with the first (queued or future) message of the given type. */
  next(type: string | ((m: Received) => boolean), timeoutMs = 5000): Promise<Received> {
    const match = typeof type === 'string' ? (m: Received) => m.type === type : type;
    const index = this.messages.findIndex(match);
    if (index >= 0) {
      return Promise.resolve(this.messages.splice(index, 1)[0]);
    }
    return new Promise((resolve, reject) => {
      const waiter = {
        match,
        resolve: (m: Received) => {
          clearTimeout(timer);
          resolve(m);
        },
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(
          new Error(
            `timed out waiting for ${typeof type === 'string' ? type : 'a matching message'}; queued: ${JSON.stringify(this.messages)}`,
          ),
        );
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  /** Resolves with the next binary message. */
  nextBinary(timeoutMs = 5000): Promise<Buffer> {
    const queued = this.binaries.shift();
    if (queued) {
      return Promise.resolve(queued);
    }
    return new Promise((resolve, reject) => {
      const waiter = (data: Buffer): void => {
        clearTimeout(timer);
        resolve(data);
      };
      const timer = setTimeout(() => {
        this.binaryWaiters = this.binaryWaiters.filter((w) => w !== waiter);
        reject(new Error('timed out waiting for a binary message'));
      }, timeoutMs);
      this.binaryWaiters.push(waiter);
    });
  }

  /** Asserts nothing matching arrives within the window. */
  async expectNothing(type: string, windowMs = 300): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, windowMs));
    const found = this.messages.find((m) => m.type === type);
    if (found) {
      throw new Error(`unexpected ${type}: ${JSON.stringify(found)}`);
    }
  }

  close(): Promise<{ code: number; reason: string }> {
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) {
      this.ws.close(1000);
    }
    return this.closed;
  }
}
