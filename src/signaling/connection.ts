import { randomBytes } from 'node:crypto';
import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import { corkForTurn } from '../common/cork-for-turn';
import { TokenBucket } from '../protocol/rate-limit';
import { Dialect } from '../protocol/signaling-messages';
import { encodeOutbound, OutboundKind } from '../protocol/signaling-outbound';
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
} as const;

/** One WebSocket and what the coordinator knows about it. Lives only on the node that holds it. */
export class Connection {
  peerId?: string;
  /** The authenticated subject (JWT `sub`) when tokens are validated; the peer id must equal it. */
  subject?: string;
  /** True once the connection has passed authentication (always true when JWT validation is off). */
  authenticated = false;
  sessionId?: string;
  zoneId?: string;
  missedPings = 0;
  lastSeq?: bigint;
  lastPosition?: { x: number; y: number; atMs: number };
  moveViolations = 0;
  relayBudget?: { frames: TokenBucket; bytes: TokenBucket };
  identifyTimer?: NodeJS.Timeout;
  closing = false;
  /** Set when the coordinator cut the socket off without a closing handshake (it reports this code). */
  cutOffCode?: number;
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

  get identified(): boolean {
    return this.peerId !== undefined;
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

  send(kind: OutboundKind, fields: Record<string, unknown>): boolean {
    return this.sendRaw(encodeOutbound(kind, this.dialect, fields));
  }

  /** A session notice: sent with the other notices of the batch window (see NoticeBatch). */
  notify(kind: 'peer_joined' | 'peer_left', fields: Record<string, unknown>): void {
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

  sendError(code: string, message: string): boolean {
    return this.send('error', { message, code });
  }

  /**
   * A peer that stopped reading cannot read a close frame either (it would queue behind the
   * buffered data), so its socket is destroyed at once and its buffer freed now, not after a
   * closing handshake that will never complete.
   */
  cutOff(code: number): void {
    if (this.closing) {
      return;
    }
    this.closing = true;
    this.cutOffCode = code;
    clearTimeout(this.identifyTimer);
    this.socket.terminate();
  }

  close(code: number, reason: string): void {
    if (this.closing) {
      return;
    }
    this.closing = true;
    clearTimeout(this.identifyTimer);
    try {
      this.socket.close(code, reason);
    } catch {
      this.socket.terminate();
    }
    // A peer that never completes the closing handshake is cut off rather than kept half-open.
    setTimeout(() => this.socket.terminate(), 5000).unref();
  }
}
