import { encodePosition } from '../protocol/frame-codec';
import { FrameFlag, PING_PAYLOAD_SIZE, PacketType, packetTypeName } from '../protocol/frame';
import { decodeRelayedFrame } from '../protocol/relay';
import { Dialect, SignalKind } from '../protocol/signaling-messages';
import { BackoffOptions } from './backoff';
import { ClientError, CoordinatorClientEvents, JoinRefusedError, SessionInfo } from './client-events';
import { CoordinatorApi } from './coordinator-api';
import { FrameSequencer } from './frame-sequencer';
import { PeerList } from './peer-list';
import { TrafficCounters } from './traffic-counters';
import { JoinTarget, ServerMessage, joinMessage, leaveMessage, parseServerMessage, signalMessage } from './signaling-codec';
import { SignalingConnection } from './signaling-connection';
import { TypedEmitter } from './typed-emitter';

export interface CoordinatorClientOptions {
  /** REST base, `http://host:port` (no path). */
  url: string;
  /** Signaling URL; default: the REST base with ws(s):// and `/api/v1/signaling/ws`. */
  wsUrl?: string;
  peerId: string;
  /** 'dll' (default): create_session by zone, underscore names. 'reference': ?peer_id= and join by session. */
  dialect?: Dialect;
  apiKey?: string;
  /** false disables reconnection; otherwise the DLL's schedule, overridable (e.g. a short base in tests). */
  reconnect?: false | BackoffOptions;
  /** Sign frames with the join reply's frame key (default true). */
  authenticateFrames?: boolean;
  /** Refresh the access token before a reconnection when it expires within this many seconds (default 60). */
  refreshMarginSeconds?: number;
  requestTimeoutMs?: number;
}

export interface PositionOptions {
  direction?: number;
  walkSpeedMs?: number;
  /** Also ask the coordinator to relay the update to the proximity peers. */
  relay?: boolean;
}

/** Errors that answer a pending join; others (frame rejections, delivery failures) do not. */
const NON_JOIN_ERRORS = new Set(['FRAME_REJECTED', 'DELIVERY_FAILED', 'NOT_IN_SAME_SESSION', 'NOT_IN_SESSION']);

/**
 * A coordinator client: REST (`api`), signaling in either dialect with the DLL's reconnection,
 * P2P2 frames through src/protocol, and the proximity list. See docs/client-sdk.md.
 */
export class CoordinatorClient extends TypedEmitter<CoordinatorClientEvents> {
  readonly api: CoordinatorApi;
  readonly peerId: string;
  readonly dialect: Dialect;
  readonly peers = new PeerList();
  /** Other members of the current session (the peer_joined / peer_left view). */
  readonly members = new Set<string>();
  readonly traffic = new TrafficCounters();
  session: SessionInfo | undefined;
  private readonly frames = new FrameSequencer();
  private readonly connection: SignalingConnection;
  private target: JoinTarget | undefined;
  private pendingJoin: { resolve: (s: SessionInfo) => void; reject: (e: Error) => void } | undefined;
  private rejoining = false;

  constructor(private readonly options: CoordinatorClientOptions) {
    super();
    this.peerId = options.peerId;
    this.dialect = options.dialect ?? 'dll';
    this.api = new CoordinatorApi({ baseUrl: options.url, apiKey: options.apiKey, timeoutMs: options.requestTimeoutMs });
    this.connection = new SignalingConnection({ url: () => this.signalingUrl(), reconnect: options.reconnect ?? {} });
    this.connection.on('text', (text) => this.onText(text));
    this.connection.on('binary', (data) => this.onBinary(data));
    this.connection.on('open', (event) => this.onOpen(event.reconnect));
    this.connection.on('closed', (event) => {
      this.frames.setKey(undefined);
      this.peers.clear();
      this.pendingJoin?.reject(new Error(`connection closed (${event.code}) before the join was answered`));
      this.pendingJoin = undefined;
      this.emit('closed', event);
    });
    this.connection.on('reconnecting', (event) => this.emit('reconnecting', event));
    this.connection.on('failed', ({ error, final }) => this.localError(final ? 'RECONNECT_FAILED' : 'CONNECTION_FAILED', error.message));
  }

  /** The sequence number of the last authenticated frame sent (0n before the first). */
  get frameSeq(): bigint {
    return this.frames.lastSeq;
  }

  get connected(): boolean {
    return this.connection.isOpen;
  }

  /** Opens the signaling socket. Call `api.requestToken` first when the coordinator requires tokens. */
  connect(): Promise<void> {
    return this.connection.open();
  }

  /** DLL dialect: `{zone}`; reference dialect: `{sessionId}`. Resolves with the coordinator's reply. */
  join(target: JoinTarget): Promise<SessionInfo> {
    this.target = target;
    this.rejoining = false;
    return this.sendJoin();
  }

  leave(): void {
    this.target = undefined;
    this.send('leave', leaveMessage());
  }

  sendOffer(to: string, sdp: unknown): boolean {
    return this.sendSignal('offer', to, sdp);
  }

  sendAnswer(to: string, sdp: unknown): boolean {
    return this.sendSignal('answer', to, sdp);
  }

  sendIceCandidate(to: string, candidate: unknown): boolean {
    return this.sendSignal('ice-candidate', to, candidate);
  }

  sendSignal(kind: SignalKind, to: string, body: unknown): boolean {
    return this.send(kind, signalMessage(this.dialect, kind, to, body));
  }

  /** A POSITION_UPDATE frame (authenticated when a frame key is held). */
  sendPosition(x: number, y: number, options: PositionOptions = {}): boolean {
    const payload = encodePosition({
      x,
      y,
      direction: options.direction ?? 0,
      walkSpeedMs: options.walkSpeedMs ?? 150,
      clientTimeMs: Date.now() % 0x1_0000_0000,
    });
    return this.sendFrame(PacketType.POSITION_UPDATE, payload, options.relay ? FrameFlag.RELAY : 0);
  }

  /** A frame the coordinator relays to the proximity peers (flag RELAY). */
  sendRelay(type: number, payload: Uint8Array, flags = 0): boolean {
    return this.sendFrame(type, payload, flags | FrameFlag.RELAY);
  }

  sendPing(bytes: Uint8Array = Buffer.alloc(PING_PAYLOAD_SIZE)): boolean {
    return this.sendFrame(PacketType.PING, bytes);
  }

  sendFrame(type: number, payload: Uint8Array, flags = 0): boolean {
    const frame = this.frames.build(type, payload, flags, this.options.authenticateFrames !== false && this.frames.hasKey);
    const label = (flags & FrameFlag.RELAY) !== 0 ? 'relay' : 'frame';
    return this.send(`${label}:${packetTypeName(type) ?? type}`, frame);
  }

  /** Closes for good (no reconnection). */
  async close(): Promise<void> {
    await this.connection.close(1000);
  }

  private send(kind: string, data: string | Buffer): boolean {
    const sent = this.connection.send(data);
    if (sent) {
      this.traffic.sent(kind);
    }
    return sent;
  }

  private sendJoin(): Promise<SessionInfo> {
    const target = this.target as JoinTarget;
    this.pendingJoin?.reject(new Error('superseded by a newer join'));
    const reply = new Promise<SessionInfo>((resolve, reject) => (this.pendingJoin = { resolve, reject }));
    if (!this.send(this.dialect === 'dll' ? 'create_session' : 'join', joinMessage(this.dialect, this.peerId, target, this.api.accessToken))) {
      this.pendingJoin?.reject(new Error('not connected'));
      this.pendingJoin = undefined;
    }
    return reply;
  }

  private onOpen(reconnect: boolean): void {
    this.emit('open', { reconnect });
    if (reconnect && this.target) {
      // The DLL repeats its create_session after every reconnection; so do we, in either dialect.
      this.rejoining = true;
      this.sendJoin().catch((error: Error) => this.localError('CONNECTION_FAILED', `rejoin failed: ${error.message}`));
    }
  }

  private async signalingUrl(): Promise<string> {
    const base = this.options.wsUrl ?? `${this.options.url.replace(/^http/, 'ws').replace(/\/+$/, '')}/api/v1/signaling/ws`;
    const margin = (this.options.refreshMarginSeconds ?? 60) * 1000;
    const expiresAt = this.api.accessTokenExpiresAt;
    if (this.api.accessToken && expiresAt !== undefined && expiresAt - Date.now() < margin) {
      await this.api.refresh().catch((error: Error) => this.localError('TOKEN_REFRESH_FAILED', error.message));
    }
    const query = new URLSearchParams();
    if (this.dialect === 'reference') {
      query.set('peer_id', this.peerId);
    }
    if (this.api.accessToken) {
      query.set('token', this.api.accessToken);
    }
    const qs = query.toString();
    return qs ? `${base}?${qs}` : base;
  }

  private onText(text: string): void {
    const message = parseServerMessage(text);
    if (!message) {
      this.localError('BAD_MESSAGE', `unreadable message: ${text.slice(0, 120)}`);
      return;
    }
    this.traffic.received(message.kind === 'signal' ? message.signal : message.kind);
    this.dispatch(message);
  }

  private dispatch(message: ServerMessage): void {
    switch (message.kind) {
      case 'joined': {
        const zone = message.zone ?? ('zone' in (this.target ?? {}) ? (this.target as { zone: string }).zone : undefined);
        const info: SessionInfo = { ...message, zone, dialect: this.dialect, rejoined: this.rejoining };
        delete (info as { kind?: string }).kind;
        this.session = info;
        this.frames.setKey(message.frameKey);
        this.members.clear();
        message.peers.forEach((peer) => this.members.add(peer));
        this.pendingJoin?.resolve(info);
        this.pendingJoin = undefined;
        this.emit('session', info);
        return;
      }
      case 'left':
        this.session = undefined;
        this.members.clear();
        this.peers.clear();
        this.emit('left', { sessionId: message.sessionId });
        return;
      case 'peer_joined':
        this.members.add(message.peerId);
        this.emit('peerJoined', message.peerId);
        return;
      case 'peer_left':
        this.members.delete(message.peerId);
        this.emit('peerLeft', message.peerId);
        return;
      case 'peer_list': {
        const { diff } = message;
        const changed = this.peers.apply(diff);
        const added = diff.added.filter((entry) => changed.added.includes(entry.peerId));
        this.emit('peerList', { zone: diff.zone, added, removed: changed.removed, peers: this.peers.snapshot() });
        return;
      }
      case 'signal':
        this.emit('signal', { kind: message.signal, from: message.from, body: message.body, timestamp: message.timestamp });
        return;
      case 'error':
        if (this.pendingJoin && !NON_JOIN_ERRORS.has(message.code)) {
          this.pendingJoin.reject(new JoinRefusedError(message.code, message.message));
          this.pendingJoin = undefined;
        }
        this.emit('error', { code: message.code, message: message.message, reason: message.reason, local: false });
        return;
      case 'pong':
      case 'unknown':
        return;
    }
  }

  private onBinary(data: Buffer): void {
    const relayed = decodeRelayedFrame(data);
    if (relayed.ok) {
      this.traffic.received(`relayed:${relayed.frame.typeName}`);
      this.emit('relayed', relayed.frame);
      return;
    }
    if (data.length >= 14 && data.readUInt16BE(8) === PacketType.PONG) {
      this.traffic.received('frame:PONG');
      this.emit('pong', data.subarray(14));
      return;
    }
    this.localError('BAD_FRAME', `unreadable binary message (${relayed.reason})`);
  }

  private localError(code: string, message: string): void {
    this.emit('error', { code, message, local: true } satisfies ClientError);
  }

  protected override onListenerError(error: unknown, event: string): void {
    if (event !== 'error') {
      this.localError('LISTENER_ERROR', `a '${event}' listener threw: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
