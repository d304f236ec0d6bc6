/**
 * A probe: a stable peer (never churned) that sends its partner numbered signals and checks the
 * numbers it receives, so every signal is accounted for exactly: delivered, refused with an error
 * to the sender, or lost. Counters only, no message is kept.
 */
import WebSocket from 'ws';

type Inbound = { type: string; [key: string]: unknown };

/** What one receiver saw from one sender, from the sequence numbers alone. */
export class SequenceTrack {
  delivered = 0;
  duplicates = 0;
  reordered = 0;
  private next = 1;
  /** Numbers skipped so far that may still arrive (late = reordered, never = lost or refused). */
  private readonly gaps = new Set<number>();

  see(seq: number): void {
    if (seq === this.next) {
      this.next += 1;
    } else if (seq > this.next) {
      for (let missing = this.next; missing < seq; missing += 1) {
        this.gaps.add(missing);
      }
      this.next = seq + 1;
    } else if (this.gaps.delete(seq)) {
      this.reordered += 1;
    } else {
      this.duplicates += 1;
      return;
    }
    this.delivered += 1;
  }
}

export class ProbePeer {
  readonly sent = new Map<string, number>();
  /** DELIVERY_FAILED / NOT_IN_SAME_SESSION per target: the sender was told its signal did not go out. */
  readonly failed = new Map<string, number>();
  readonly received = new Map<string, SequenceTrack>();
  readonly otherErrors = new Map<string, number>();
  /** Send → receive of every signal this probe received, ms on this process's clock. */
  onLatency: (ms: number) => void = () => undefined;
  closeCode: number | undefined;
  private expectClose = false;
  private waiter: { match: (m: Inbound) => boolean; resolve: (m: Inbound) => void } | undefined;
  private seq = 0;

  private constructor(
    readonly id: string,
    readonly node: number,
    private readonly ws: WebSocket,
  ) {
    ws.on('error', () => undefined);
    ws.on('close', (code) => (this.closeCode = this.expectClose ? undefined : code));
    ws.on('message', (data, isBinary) => {
      if (!isBinary) {
        this.onMessage(JSON.parse((data as Buffer).toString('utf8')) as Inbound);
      }
    });
  }

  static async open(baseUrl: string, node: number, id: string): Promise<ProbePeer> {
    const url = `${baseUrl.replace(/^http/, 'ws')}/api/v1/signaling/ws?peer_id=${encodeURIComponent(id)}`;
    const ws = new WebSocket(url, { perMessageDeflate: false });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return new ProbePeer(id, node, ws);
  }

  get open(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  /** DLL-style placement into the zone's open session; resolves with its id. */
  async createSession(zone: string): Promise<string> {
    const reply = this.request({ type: 'create_session', peer_id: this.id, zone }, 'session_created');
    return String((await reply).session_id);
  }

  /** Reference-style join of a known session. */
  async join(sessionId: string): Promise<void> {
    await this.request({ type: 'join', session_id: sessionId }, 'session_joined');
  }

  /** The next numbered signal to `to` (offers and ICE candidates alternate: both are relayed alike). */
  signal(to: string): void {
    this.seq += 1;
    this.sent.set(to, (this.sent.get(to) ?? 0) + 1);
    const body = `${this.seq}:${performance.now().toFixed(3)}`;
    this.ws.send(
      JSON.stringify(this.seq % 2 ? { type: 'offer', to, sdp: body } : { type: 'ice-candidate', to, candidate: body }),
    );
  }

  close(): void {
    this.expectClose = true;
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) {
      this.ws.close(1000);
    }
  }

  private request(message: unknown, reply: string): Promise<Inbound> {
    const answer = new Promise<Inbound>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.id}: no ${reply} within 15 s`)), 15_000);
      this.waiter = {
        match: (m) => m.type === reply || m.type === 'error',
        resolve: (m) => {
          clearTimeout(timer);
          if (m.type === 'error') {
            reject(new Error(`${this.id}: ${String(m.code)} ${String(m.message)}`));
          } else {
            resolve(m);
          }
        },
      };
    });
    this.ws.send(JSON.stringify(message));
    return answer;
  }

  private onMessage(raw: Inbound): void {
    // The two dialects spell message types with '-' or '_'.
    const message: Inbound = { ...raw, type: raw.type.replace(/-/g, '_') };
    if (this.waiter?.match(message)) {
      const waiter = this.waiter;
      this.waiter = undefined;
      waiter.resolve(message);
      return;
    }
    if (message.type === 'offer' || message.type === 'ice_candidate') {
      const [seq, sentAt] = String(message.sdp ?? message.candidate)
        .split(':')
        .map(Number);
      const from = String(message.from);
      let track = this.received.get(from);
      if (!track) {
        track = new SequenceTrack();
        this.received.set(from, track);
      }
      track.see(seq);
      this.onLatency(performance.now() - sentAt);
    } else if (message.type === 'error') {
      const code = String(message.code);
      const text = String(message.message);
      // Both refusals name the target, so the refusal is charged to the right pair.
      const to =
        code === 'DELIVERY_FAILED'
          ? /to (\S+)$/.exec(text)?.[1]
          : code === 'NOT_IN_SAME_SESSION'
            ? /^Peer (\S+) is not/.exec(text)?.[1]
            : undefined;
      if (to !== undefined) {
        this.failed.set(to, (this.failed.get(to) ?? 0) + 1);
      } else {
        this.otherErrors.set(code, (this.otherErrors.get(code) ?? 0) + 1);
      }
    }
  }
}
