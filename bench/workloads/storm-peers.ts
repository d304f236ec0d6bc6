/**
 * The reconnect storm's peers: DLL-dialect clients that seat themselves with `create_session` and,
 * when their node dies, reconnect the way the DLL does (1 s after the close, every one at the same
 * moment, the delay doubling after each failed attempt) to the surviving node, as a load balancer
 * would send them. Everything they hear is tallied here in one pass over each message.
 */
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { mintToken } from '../lib/coordinator';

export const STORM_ZONE = 'bench_storm';

/** The DLL's reconnect delays: 1 s first, doubled after each failed attempt, at most 30 s (contract §4.5). */
const FIRST_RECONNECT_MS = 1_000;
const MAX_RECONNECT_MS = 30_000;

export interface StormPeer {
  id: string;
  token: string;
  /** 0: the node that survives; 1: the node that is killed (and, after the kill, where it was). */
  home: 0 | 1;
  /** A peer of the killed node that does not come back (its player quit meanwhile): the survivor must reap it. */
  absent: boolean;
  socket?: WebSocket;
  sessionBefore?: string;
  sessionAfter?: string;
  /** ms after the kill */
  closedAt?: number;
  createdAt?: number;
  reachableAt?: number;
  /** create_session sent → session_created, for the reconnect join */
  joinMs?: number;
  joinSentAt?: number;
  attempts: number;
  nextDelayMs: number;
}

/** What the peers tell the rest of the workload (the signals module, the seating wait). */
export interface StormHooks {
  created(peer: StormPeer): void;
  signal(receiver: StormPeer, fragment: string): void;
}

/** `absentEvery` n: one in every n of the killed node's peers does not come back (0: all come back). */
export function makePeers(count: number, run: string, absentEvery: number): StormPeer[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `storm${run}-${i}`,
    token: mintToken(`storm${run}-${i}`),
    // Alternating, so that every session (50 consecutive seats) has members on both nodes.
    home: (i % 2) as 0 | 1,
    absent: absentEvery > 0 && i % (2 * absentEvery) === 1,
    attempts: 0,
    nextDelayMs: FIRST_RECONNECT_MS,
  }));
}

/** The peers' shared state for one run: the node URLs, the kill's clock and every tally. */
export class StormFleet {
  killedAt?: number;
  errors: Record<string, number> = {};
  /** Received by survivor-side members about a reconnecting peer, after the kill. */
  peerLeft = 0;
  peerJoined = 0;
  /** reconnecting peer → how many peer_left about it survivor-side members received */
  readonly leftNotices = new Map<string, number>();
  /** absent peer → ms after the kill the last survivor-side member heard peer_left for it */
  readonly absentLeftAt = new Map<string, number>();
  /** reconnecting peer → survivor-side member → ms after the kill its peer_joined arrived */
  readonly joinedNotices = new Map<string, Map<string, number>>();
  /** Survivor-side peers whose socket closed after the kill (none should). */
  survivorDrops = 0;
  /** Set when the run ends: closes from then on are ours, not the storm's. */
  stopping = false;
  private readonly byId = new Map<string, StormPeer>();

  constructor(
    readonly peers: StormPeer[],
    private readonly urls: [string, string],
    private readonly hooks: StormHooks,
  ) {
    peers.forEach((peer) => this.byId.set(peer.id, peer));
  }

  get reconnecting(): StormPeer[] {
    return this.peers.filter((peer) => peer.home === 1 && !peer.absent);
  }

  get absent(): StormPeer[] {
    return this.peers.filter((peer) => peer.absent);
  }

  since(): number {
    return this.killedAt === undefined ? Number.NaN : performance.now() - this.killedAt;
  }

  /** Opens the peer's socket to its node and sends create_session once it is open, as the DLL does. */
  connect(peer: StormPeer, node: 0 | 1): void {
    const socket = new WebSocket(this.urls[node], { perMessageDeflate: false });
    peer.socket = socket;
    peer.attempts += 1;
    socket.on('open', () => {
      peer.joinSentAt = performance.now();
      socket.send(
        JSON.stringify({
          type: 'create_session',
          peer_id: peer.id,
          zone: STORM_ZONE,
          // The token rides in the message (JWT validation is on), as in the joins workload.
          token: peer.token,
          capabilities: { compression: false, encryption: true, webrtc: true },
        }),
      );
    });
    socket.on('message', (data: WebSocket.RawData) => this.onMessage(peer, (data as Buffer).toString()));
    socket.on('error', () => undefined); // 'close' follows and decides
    socket.on('close', () => this.onClose(peer, socket));
  }

  private onMessage(peer: StormPeer, text: string): void {
    // Cheap checks first: during seating every join sends a notice to 49 members.
    if (text.includes('"peer_joined"') || text.includes('"peer_left"')) {
      this.onNotice(peer, text);
    } else if (text.includes('"ice_candidate"')) {
      const fragment = /"usernameFragment":"([^"]+)"/.exec(text)?.[1];
      if (fragment) {
        this.hooks.signal(peer, fragment);
      }
    } else if (text.includes('"session_created"')) {
      this.onCreated(peer, JSON.parse(text) as { session_id: string });
    } else if (text.includes('"error"')) {
      const code = (JSON.parse(text) as { code?: string }).code ?? 'error';
      this.errors[code] = (this.errors[code] ?? 0) + 1;
    }
  }

  private onCreated(peer: StormPeer, msg: { session_id: string }): void {
    if (this.killedAt === undefined) {
      peer.sessionBefore = msg.session_id;
    } else {
      peer.createdAt = this.since();
      peer.joinMs = performance.now() - (peer.joinSentAt ?? Number.NaN);
      peer.sessionAfter = msg.session_id;
    }
    this.hooks.created(peer);
  }

  /** Counted only after the kill, only at survivor-side members, only about reconnecting peers. */
  private onNotice(receiver: StormPeer, text: string): void {
    if (this.killedAt === undefined || receiver.home !== 0) {
      return;
    }
    const about = this.byId.get(/"peer_id":"([^"]+)"/.exec(text)?.[1] ?? '');
    if (!about || about.home !== 1) {
      return;
    }
    if (about.absent) {
      if (text.includes('"peer_left"')) {
        this.absentLeftAt.set(about.id, this.since());
      }
      return;
    }
    if (text.includes('"peer_left"')) {
      this.peerLeft += 1;
      this.leftNotices.set(about.id, (this.leftNotices.get(about.id) ?? 0) + 1);
      return;
    }
    this.peerJoined += 1;
    const told = this.joinedNotices.get(about.id) ?? new Map<string, number>();
    told.set(receiver.id, this.since());
    this.joinedNotices.set(about.id, told);
  }

  private onClose(peer: StormPeer, socket: WebSocket): void {
    if (this.killedAt === undefined || peer.socket !== socket || this.stopping) {
      return;
    }
    if (peer.home === 0) {
      this.survivorDrops += 1;
      return;
    }
    peer.closedAt ??= this.since();
    if (peer.absent) {
      return;
    }
    // Every later close (a refused or failed reconnect) waits twice as long, as the DLL does.
    const delay = peer.nextDelayMs;
    peer.nextDelayMs = Math.min(MAX_RECONNECT_MS, delay * 2);
    peer.socket = undefined;
    setTimeout(() => {
      if (!this.stopping) {
        this.connect(peer, 0);
      }
    }, delay);
  }

  /** Closes every socket without reconnecting. */
  closeAll(): void {
    this.stopping = true;
    this.peers.forEach((peer) => peer.socket?.terminate());
  }
}
