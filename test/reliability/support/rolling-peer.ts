import { sleep } from '../../utils/rest';
import { MeshPeer } from './mesh-peer';

/** One socket of a peer: when it was open and joined, and on which node. */
export interface Instance {
  peerId: string;
  node: number;
  joinedAt?: number;
  closedAt?: number;
}

interface Sent {
  from: Instance;
  to: string;
  at: number;
}

/** A target counts as joined everywhere this long after its join reply (the other node learns it through Redis). */
const JOIN_SETTLE_MS = 250;

/** Every signal sent, with its sender's socket, and every one received, by a unique id. */
export class SignalLedger {
  private readonly sent = new Map<string, Sent>();
  private readonly received = new Set<string>();
  private readonly instances = new Map<string, Instance[]>();
  private refusals = 0;
  private next = 0;

  register(instance: Instance): void {
    const list = this.instances.get(instance.peerId) ?? [];
    list.push(instance);
    this.instances.set(instance.peerId, list);
  }

  send(from: Instance, to: string): string {
    const id = `${from.peerId}>${to}#${this.next++}`;
    this.sent.set(id, { from, to, at: Date.now() });
    return id;
  }

  receive(id: string): void {
    this.received.add(id);
  }

  refuse(): void {
    this.refusals += 1;
  }

  /**
   * A signal is owed delivery when its sender's socket and the target's joined socket were open
   * when it was sent and stayed open for `graceMs` after; those must all have arrived.
   */
  settle(graceMs: number): {
    sent: number;
    delivered: number;
    refused: number;
    eligible: number;
    eligibleCrossNode: number;
    lostEligible: string[];
  } {
    const openUntil = (instance: Instance, at: number): boolean =>
      instance.closedAt === undefined || instance.closedAt > at + graceMs;
    let eligible = 0;
    let eligibleCrossNode = 0;
    const lostEligible: string[] = [];
    for (const [id, { from, to, at }] of this.sent) {
      const target = (this.instances.get(to) ?? []).find(
        (t) => t.joinedAt !== undefined && t.joinedAt + JOIN_SETTLE_MS <= at && openUntil(t, at),
      );
      if (!target || !openUntil(from, at)) {
        continue;
      }
      eligible += 1;
      eligibleCrossNode += target.node === from.node ? 0 : 1;
      if (!this.received.has(id)) {
        lostEligible.push(id);
      }
    }
    return {
      sent: this.sent.size,
      delivered: this.received.size,
      refused: this.refusals,
      eligible,
      eligibleCrossNode,
      lostEligible: lostEligible.slice(0, 20),
    };
  }
}

/**
 * A peer that survives node restarts the way the DLL does: when its socket closes it reconnects
 * after 1 s, 2 s, 4 s …, trying the other node first, and rejoins its session.
 */
export class RollingPeer {
  reconnects = 0;
  private instance!: Instance;
  private stopped = false;
  private rejoinedAt?: number;
  private waiters: (() => void)[] = [];

  private constructor(
    readonly id: string,
    public current: MeshPeer,
    public nodeIndex: number,
    private readonly urls: string[],
    private readonly sessionId: string,
    private ledger: SignalLedger,
  ) {}

  static async start(
    id: string,
    peer: MeshPeer,
    nodeIndex: number,
    urls: string[],
    sessionId: string,
    ledger: SignalLedger,
  ): Promise<RollingPeer> {
    const rolling = new RollingPeer(id, peer, nodeIndex, urls, sessionId, ledger);
    await rolling.adopt(peer, nodeIndex);
    return rolling;
  }

  useLedger(ledger: SignalLedger): void {
    this.ledger = ledger;
    ledger.register(this.instance);
  }

  /** One signal to every other peer, if this peer is currently in its session. */
  signalAll(ids: string[]): void {
    if (!this.current.open || this.instance.joinedAt === undefined) {
      return;
    }
    for (const to of ids) {
      if (to !== this.id) {
        this.current.send({ type: 'offer', to, sdp: this.ledger.send(this.instance, to) });
      }
    }
  }

  /** The `peer_joined`/`peer_left` notices this peer received, as `type:peer`, on any of its sockets. */
  readonly notices: string[] = [];

  /** Resolves with the time from `since` until this peer is back in its session on a new socket. */
  rejoined(since: number): Promise<number> {
    if (this.rejoinedAt !== undefined && this.rejoinedAt >= since) {
      return Promise.resolve(this.rejoinedAt - since);
    }
    return new Promise((resolve) => this.waiters.push(() => resolve(Date.now() - since)));
  }

  stop(): void {
    this.stopped = true;
    this.current.close();
  }

  private async adopt(peer: MeshPeer, nodeIndex: number): Promise<void> {
    const instance: Instance = { peerId: this.id, node: nodeIndex };
    peer.ws.on('message', (data, isBinary) => {
      if (isBinary) {
        return;
      }
      const message = JSON.parse((data as Buffer).toString('utf8')) as { type: string; sdp?: string; code?: string };
      if (message.type === 'offer' && typeof message.sdp === 'string') {
        this.ledger.receive(message.sdp);
      } else if (/^peer[-_](left|joined)$/.test(message.type)) {
        // Either dialect's spelling (the session's creator speaks the DLL's, the others the reference's).
        this.notices.push(`${message.type.replace('-', '_')}:${(message as { peer_id?: string }).peer_id}`);
      } else if (
        message.type === 'error' &&
        (message.code === 'DELIVERY_FAILED' || message.code === 'NOT_IN_SAME_SESSION')
      ) {
        this.ledger.refuse();
      }
    });
    void peer.closed.then(() => {
      instance.closedAt = Date.now();
      if (this.instance === instance) {
        void this.reconnect();
      }
    });
    // The session's creator is already in it (create_session placed it there).
    if (peer.createdSession !== this.sessionId) {
      const reply = await peer.join(this.sessionId);
      if (reply.type !== 'session_joined') {
        peer.close();
        throw new Error(`${this.id} could not join: ${JSON.stringify(reply)}`);
      }
    }
    instance.joinedAt = Date.now();
    this.current = peer;
    this.nodeIndex = nodeIndex;
    this.instance = instance;
    this.ledger.register(instance);
  }

  private async reconnect(): Promise<void> {
    for (let attempt = 0, delay = 1_000; !this.stopped && attempt < 6; attempt++, delay *= 2) {
      await sleep(delay);
      const nodeIndex = (this.nodeIndex + 1 + attempt) % this.urls.length;
      try {
        const peer = await MeshPeer.open(this.urls[nodeIndex], this.id);
        await this.adopt(peer, nodeIndex);
        this.reconnects += 1;
        this.rejoinedAt = Date.now();
        this.waiters.splice(0).forEach((resolve) => resolve());
        return;
      } catch {
        // refused or not in the session yet: try again, the other node first
      }
    }
  }
}
