import type { PeerMovement, WalkableGrid } from '../protocol/movement';
import { randomBytes } from 'node:crypto';
import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import { corkForTurn } from '../common/cork-for-turn';
import type { ErrorCode } from '@ro-p2p/contract';
import { TokenBucket } from '../protocol/rate-limit';
import { Dialect } from '../protocol/signaling-messages';
import { encodeOutbound, OutboundFields, OutboundKind } from '../protocol/signaling-outbound';
import { ConnectionPhase, nextPhase, PhaseEvent } from './connection-phase';
import type { NoticeBatch } from './notice-batch';

export const CLOSE = {
  NORMAL: 1000,
  GOING_AWAY: 1001,
  POLICY: 1008,
  TOO_BIG: 1009,
  INTERNAL: 1011,
  /** The service cannot decide now (rAthena's database is down); the client should come back. */
  TRY_AGAIN_LATER: 1013,
  IDENTIFY_TIMEOUT: 4000,
  REPLACED: 4001,
  /** A moderator kicked the peer, or it (or its address) is banned: after an `error` KICKED or BANNED. */
  MODERATED: 4003,
} as const;

/** What the movement model keeps per connection (see movement-guard.ts). */
export interface MoveSlot {
  record?: PeerMovement;
  grid?: WalkableGrid;
  /** The zone `grid` belongs to (undefined grid: that zone has no known map). */
  gridZone?: string;
  /** When the record was last queued for the shared store. */
  savedAt?: number;
}

/** What the frame path keeps per connection (FrameService's, reset when the zone changes). */
export interface FrameState {
  lastSeq?: bigint;
  lastPosition?: { x: number; y: number; atMs: number };
  relayBudget?: { frames: TokenBucket; bytes: TokenBucket };
}

/**
 * One WebSocket and what the coordinator knows about it. Lives only on the node that holds it.
 * Who it is and where it sits change only through the transitions below (see connection-phase.ts).
 */
export class Connection {
  private current: ConnectionPhase = 'connected';
  private peer?: string;
  private session?: string;
  private zone?: string;
  private authSubject?: string;
  private authed = false;
  private pingsMissed = 0;
  /** Set when the coordinator cut the socket off without a closing handshake (it reports this code). */
  cutOffCode?: number;
  /** The code this node closed the socket with (close or cut-off), when it did. */
  serverCloseCode?: number;
  /** The code the socket's close event reported. */
  clientCloseCode?: number;
  identifyTimer?: NodeJS.Timeout;
  /** The frame path's per-connection state; FrameService alone writes it. */
  readonly frames: FrameState = {};
  /** The player's movement record and the map of its zone; MovementGuard alone writes it. */
  readonly moves: MoveSlot = {};
  readonly openedAt = Date.now();

  constructor(
    readonly connId: string,
    readonly socket: WebSocket,
    readonly ip: string,
    public dialect: Dialect,
    private readonly maxBufferedBytes: number,
    private readonly noticeBatch: NoticeBatch,
  ) {}

  /**
   * Made on first use, not at connect: an idle peer (most of a node's connections) never needs
   * them, and each costs a few hundred bytes per connection.
   */
  private key?: Buffer;
  private near?: Map<string, string>;
  /** Encoded notices waiting for the notice batch's window. */
  private notices?: string[];

  get phase(): ConnectionPhase {
    return this.current;
  }

  get peerId(): string | undefined {
    return this.peer;
  }

  get sessionId(): string | undefined {
    return this.session;
  }

  /** The zone whose proximity space the peer is in (from admission to a session until it leaves the zone). */
  get zoneId(): string | undefined {
    return this.zone;
  }

  /** The authenticated subject (JWT `sub`) when tokens are validated; the peer id must equal it. */
  get subject(): string | undefined {
    return this.authSubject;
  }

  /** True once the connection has passed authentication (always true when JWT validation is off). */
  get authenticated(): boolean {
    return this.authed;
  }

  get identified(): boolean {
    return this.peer !== undefined;
  }

  get closing(): boolean {
    return this.current === 'leaving';
  }

  get missedPings(): number {
    return this.pingsMissed;
  }

  get lastPosition(): FrameState['lastPosition'] {
    return this.frames.lastPosition;
  }

  /** Admission passed; `subject` when a token proved who the client is. */
  authenticate(subject?: string): void {
    this.authSubject = subject;
    this.authed = true;
  }

  /** The dialect is what the client speaks; it follows the client until it is identified. */
  speak(dialect: Dialect): void {
    this.dialect = dialect;
  }

  /** connected → identified: the peer id is proven and bound (ConnectionRegistry.bind). */
  identify(peerId: string): void {
    this.move('identify');
    this.peer = peerId;
    clearTimeout(this.identifyTimer);
  }

  /** → admitted: placed by the sessions module, entering `zoneId`'s proximity space. */
  admit(zoneId: string): void {
    this.move('admit');
    if (this.zone !== zoneId) {
      this.leaveZone();
      this.zone = zoneId;
    }
  }

  /** admitted → in_session: a member of `sessionId` on every node. */
  seat(sessionId: string): void {
    this.move('seat');
    this.session = sessionId;
  }

  /** identified → in_session: takes over the seat of the connection this one replaced. */
  inherit(sessionId: string): void {
    this.move('inherit');
    this.session = sessionId;
  }

  /** → identified: left its session (and with it the zone). */
  unseat(): void {
    this.move('unseat');
    this.session = undefined;
    this.leaveZone();
  }

  /** Leaves the zone's proximity space: its peer list and last position go with it. */
  leaveZone(): void {
    this.zone = undefined;
    this.near?.clear();
    this.frames.lastPosition = undefined;
  }

  pinged(): void {
    this.pingsMissed += 1;
  }

  ponged(): void {
    this.pingsMissed = 0;
  }

  /**
   * `leaving` is final: an event after it (a join that was in flight when the socket closed) still
   * records what the connection holds, so its disconnect can undo it, but never reopens it.
   */
  private move(event: PhaseEvent): void {
    if (this.current === 'leaving') {
      return;
    }
    const next = nextPhase(this.current, event);
    if (next === undefined) {
      throw new Error(`Connection ${this.connId}: ${event} is not allowed when ${this.current}`);
    }
    this.current = next;
  }

  /** → leaving, from any phase (also what the gateway records when the socket closed by itself). */
  private beginLeaving(): boolean {
    if (this.current === 'leaving') {
      return false;
    }
    this.current = 'leaving';
    clearTimeout(this.identifyTimer);
    return true;
  }

  /**
   * The socket closed (by the client or the network): nothing more is served. `code` is what the
   * close event reported (1006 for a dropped connection).
   */
  closed(code?: number): void {
    this.clientCloseCode = code;
    this.beginLeaving();
  }

  /**
   * Per-connection HMAC key for authenticated P2P2 frames, handed out in the join reply. Exists
   * from identification on (as when it was drawn at identify), drawn when first read.
   */
  get frameKey(): Buffer | undefined {
    if (this.key === undefined && this.peerId !== undefined) {
      this.key = randomBytes(32);
    }
    return this.key;
  }

  /** This peer's current proximity list: peer → node holding it. */
  get nearby(): Map<string, string> {
    return (this.near ??= new Map());
  }

  /** Sends a pre-encoded frame. A peer that stops reading is disconnected instead of growing memory. */
  sendRaw(data: string | Buffer): boolean {
    if (this.notices !== undefined) {
      this.flushNotices();
    }
    return this.write(data);
  }

  private write(data: string | Buffer): boolean {
    if (this.closing || this.socket.readyState !== 1) {
      return false;
    }
    if (this.socket.bufferedAmount > this.maxBufferedBytes) {
      this.cutOff(CLOSE.POLICY);
      return false;
    }
    this.coalesce();
    this.socket.send(data);
    return true;
  }

  /** ws writes each message with its own syscall; its TCP socket (kept in `_socket`) is corked per turn instead. */
  private coalesce(): void {
    const tcp = (this.socket as unknown as { _socket?: Duplex })._socket;
    if (tcp) {
      corkForTurn(tcp);
    }
  }

  send<K extends OutboundKind>(kind: K, fields: OutboundFields<K>): boolean {
    return this.sendRaw(encodeOutbound(kind, this.dialect, fields));
  }

  /** A session notice: sent with the other notices of the batch window (see NoticeBatch). */
  notify(kind: 'peer_joined' | 'peer_left', fields: OutboundFields<'peer_joined'>): void {
    if (this.closing) {
      return;
    }
    const text = encodeOutbound(kind, this.dialect, fields);
    if (this.notices === undefined) {
      this.notices = [text];
      this.noticeBatch.add(this);
    } else {
      this.notices.push(text);
    }
  }

  /** Writes the held notices, oldest first (NoticeBatch, and before any other message). */
  flushNotices(): void {
    const notices = this.notices;
    this.notices = undefined;
    for (const text of notices ?? []) {
      if (!this.write(text)) {
        return;
      }
    }
  }

  sendError(code: ErrorCode, message: string, reason?: string): boolean {
    return this.send('error', reason === undefined ? { message, code } : { message, code, reason });
  }

  /**
   * A peer that stopped reading cannot read a close frame either (it would queue behind the
   * buffered data), so its socket is destroyed at once and its buffer freed now, not after a
   * closing handshake that will never complete.
   */
  cutOff(code: number): void {
    if (!this.beginLeaving()) {
      return;
    }
    this.cutOffCode = code;
    this.serverCloseCode = code;
    this.socket.terminate();
  }

  close(code: number, reason: string): void {
    if (!this.beginLeaving()) {
      return;
    }
    this.serverCloseCode = code;
    try {
      this.socket.close(code, reason);
    } catch {
      this.socket.terminate();
    }
    // A peer that never completes the closing handshake is cut off rather than kept half-open.
    setTimeout(() => this.socket.terminate(), 5000).unref();
  }
}
