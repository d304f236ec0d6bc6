import WebSocket from 'ws';

export interface Inbound {
  type: string;
  [key: string]: unknown;
}

/** Both dialects name the same messages with '-' or '_'; counting works on one spelling. */
const normal = (type: string): string => type.replace(/-/g, '_');

/**
 * A lightweight signaling peer that counts instead of storing: signals sent per target,
 * signals received per sender, DELIVERY_FAILED errors per target, and the join/leave
 * announcements it saw. Enough to prove "nothing lost" over hundreds of thousands of messages.
 */
export class MeshPeer {
  readonly sentTo = new Map<string, number>();
  readonly receivedFrom = new Map<string, number>();
  readonly failedTo = new Map<string, number>();
  readonly otherErrors: Inbound[] = [];
  readonly announcements: { type: 'peer_joined' | 'peer_left'; peer: string; at: number }[] = [];
  /** Every received signal's send time (ms, from its body) → receive latency samples. */
  readonly latencies: number[] = [];
  private waiters: { match: (m: Inbound) => boolean; resolve: (m: Inbound) => void }[] = [];
  readonly closed: Promise<number>;
  /** The session a create_session placed this peer in. */
  createdSession?: string;

  private constructor(
    readonly id: string,
    readonly ws: WebSocket,
  ) {
    this.closed = new Promise((resolve) => ws.once('close', (code) => resolve(code)));
    ws.on('error', () => undefined);
    ws.on('message', (data, isBinary) => {
      if (!isBinary) {
        this.onMessage(JSON.parse((data as Buffer).toString('utf8')) as Inbound);
      }
    });
  }

  /** Opens a reference-dialect socket identified by `?peer_id=`. */
  static async open(wsUrl: string, id: string): Promise<MeshPeer> {
    const ws = new WebSocket(`${wsUrl}/api/v1/signaling/ws?peer_id=${encodeURIComponent(id)}`, {
      perMessageDeflate: false,
    });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return new MeshPeer(id, ws);
  }

  get open(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  async join(sessionId: string): Promise<Inbound> {
    this.send({ type: 'join', session_id: sessionId });
    return this.next((m) => m.type === 'session_joined' || m.type === 'error');
  }

  /** A DLL-style placement into the zone's session (creates it if needed). */
  async createSession(zone: string): Promise<Inbound> {
    this.send({ type: 'create_session', peer_id: this.id, zone });
    const reply = await this.next((m) => m.type === 'session_created' || m.type === 'error');
    this.createdSession = reply.session_id as string | undefined;
    return reply;
  }

  signal(to: string, kind: 'offer' | 'ice-candidate' = 'offer'): void {
    this.sentTo.set(to, (this.sentTo.get(to) ?? 0) + 1);
    const body = `${Date.now()}`;
    this.send(kind === 'offer' ? { type: 'offer', to, sdp: body } : { type: 'ice-candidate', to, candidate: body });
  }

  send(message: unknown): void {
    this.ws.send(JSON.stringify(message));
  }

  next(match: (m: Inbound) => boolean, timeoutMs = 10_000): Promise<Inbound> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`${this.id}: timed out waiting for a message`));
      }, timeoutMs);
      const waiter = { match, resolve: (m: Inbound) => (clearTimeout(timer), resolve(m)) };
      this.waiters.push(waiter);
    });
  }

  /** Signals this peer sent that were neither received (per `received`) nor refused with an error. */
  unaccounted(peers: ReadonlyMap<string, MeshPeer>): number {
    let missing = 0;
    for (const [to, sent] of this.sentTo) {
      const got = peers.get(to)?.receivedFrom.get(this.id) ?? 0;
      // A signal refused after a timeout may still arrive later; that is a duplicate, not a loss.
      missing += Math.max(0, sent - got - (this.failedTo.get(to) ?? 0));
    }
    return missing;
  }

  terminate(): void {
    this.ws.terminate();
  }

  close(): void {
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) {
      this.ws.close(1000);
    }
  }

  private onMessage(raw: Inbound): void {
    const message: Inbound = { ...raw, type: normal(raw.type) };
    if (message.type === 'offer' || message.type === 'ice_candidate') {
      const from = message.from as string;
      this.receivedFrom.set(from, (this.receivedFrom.get(from) ?? 0) + 1);
      const sentAt = Number(message.sdp ?? message.candidate);
      if (Number.isFinite(sentAt)) {
        this.latencies.push(Date.now() - sentAt);
      }
    } else if (
      message.type === 'error' &&
      (message.code === 'DELIVERY_FAILED' || message.code === 'NOT_IN_SAME_SESSION')
    ) {
      // Both refusals name the target; either way the sender was told its signal did not go out.
      const text = String(message.message);
      const to = (/to (\S+)$/.exec(text) ?? /^Peer (\S+) is not/.exec(text))?.[1] ?? '?';
      this.failedTo.set(to, (this.failedTo.get(to) ?? 0) + 1);
    } else if (message.type === 'error') {
      this.otherErrors.push(message);
    } else if (message.type === 'peer_joined' || message.type === 'peer_left') {
      this.announcements.push({ type: message.type, peer: message.peer_id as string, at: Date.now() });
    }
    const index = this.waiters.findIndex((w) => w.match(message));
    if (index >= 0) {
      this.waiters.splice(index, 1)[0].resolve(message);
    }
  }
}

export const percentile = (values: number[], p: number): number => {
  if (values.length === 0) {
    return 0;
  }
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};
