import WebSocket from 'ws';

/** Session notices and relayed signals: sent to a peer on their own, never in answer to its message. */
const NOTICES = new Set(['peer_joined', 'peer_left', 'peer_list', 'npc_update', 'offer', 'answer', 'ice_candidate']);
const SHAPE_REFUSAL = /^Message (nests more than|has more than)/;

/**
 * A signaling socket that counts what it is answered instead of storing it: answers (anything but
 * a notice), pongs, shape refusals and error codes. Enough to prove every one of a hundred thousand
 * inputs was answered without keeping them.
 */
export class FuzzSocket {
  answers = 0;
  pongs = 0;
  shapeRefusals = 0;
  readonly errorCodes = new Map<string, number>();
  readonly closed: Promise<number>;
  private pongWaiter?: { target: number; resolve: () => void };

  private constructor(readonly ws: WebSocket) {
    this.closed = new Promise((resolve) => ws.once('close', (code) => resolve(code)));
    ws.on('error', () => undefined);
    ws.on('message', (data, isBinary) => {
      if (!isBinary) {
        this.onText(JSON.parse((data as Buffer).toString('utf8')) as Record<string, unknown>);
      }
    });
  }

  /** `query` '' opens a socket that has not identified itself (the DLL's way, before create_session). */
  static async open(wsUrl: string, query = ''): Promise<FuzzSocket> {
    const ws = new WebSocket(`${wsUrl}/api/v1/signaling/ws${query}`, { perMessageDeflate: false });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return new FuzzSocket(ws);
  }

  /** Sends a message and resolves with the first answer of one of `types` (joins, before fuzzing). */
  request(message: object, types: string[]): Promise<Record<string, unknown>> {
    return new Promise((resolve) => {
      const listener = (data: Buffer, isBinary: boolean): void => {
        const reply = isBinary ? undefined : (JSON.parse(data.toString('utf8')) as Record<string, unknown>);
        if (reply && types.includes(String(reply.type))) {
          this.ws.off('message', listener);
          resolve(reply);
        }
      };
      this.ws.on('message', listener);
      this.ws.send(JSON.stringify(message));
    });
  }

  /** Resolves once `count` pongs in all have arrived. */
  async untilPongs(count: number, timeoutMs: number): Promise<void> {
    if (this.pongs >= count) {
      return;
    }
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        new Promise<void>((resolve) => (this.pongWaiter = { target: count, resolve })),
        new Promise<never>(
          (_, reject) =>
            (timer = setTimeout(
              () => reject(new Error(`${this.pongs} of ${count} pongs after ${timeoutMs} ms`)),
              timeoutMs,
            )),
        ),
      ]);
    } finally {
      clearTimeout(timer);
      this.pongWaiter = undefined;
    }
  }

  get open(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  close(): void {
    if (this.open) {
      this.ws.close(1000);
    }
  }

  private onText(message: Record<string, unknown>): void {
    const type = String(message.type).replace(/-/g, '_');
    if (NOTICES.has(type)) {
      return;
    }
    this.answers += 1;
    if (type === 'pong') {
      this.pongs += 1;
      if (this.pongWaiter && this.pongs >= this.pongWaiter.target) {
        this.pongWaiter.resolve();
      }
    } else if (type === 'error') {
      const code = String(message.code);
      this.errorCodes.set(code, (this.errorCodes.get(code) ?? 0) + 1);
      this.shapeRefusals += SHAPE_REFUSAL.test(String(message.message)) ? 1 : 0;
    }
  }
}

/** Sums a metric's samples in Prometheus text, over every label set or those `where` accepts. */
export function metricSum(text: string, name: string, where: (labels: string) => boolean = () => true): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(\{[^}]*\})? (\S+)$/.exec(line);
    if (match?.[1] === name && where(match[2] ?? '')) {
      sum += Number(match[3]);
    }
  }
  return sum;
}
