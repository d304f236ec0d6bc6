import { Dialect, HEADER_SIZE, PacketType, decodeRelayedFrame } from '@ro-p2p/contract';
import { CoordinatorClientOptions } from './client-options';
import { ClientError, CoordinatorClientEvents, JoinRefusedError, SessionInfo } from './client-events';
import { CoordinatorApi } from './coordinator-api';
import { FrameSequencer } from './frame-sequencer';
import { PeerList } from './peer-list';
import { SessionState } from './session-state';
import { signalingUrl } from './signaling-url';
import { TrafficCounters } from './traffic-counters';
import { JoinTarget, InboundMessage, joinMessage, leaveMessage, parseServerMessage } from './signaling-codec';
import { SignalingConnection } from './signaling-connection';
import { TypedEmitter } from './typed-emitter';

/** Errors that answer a pending join; others (frame rejections, delivery failures) do not. */
const NON_JOIN_ERRORS = new Set(['FRAME_REJECTED', 'DELIVERY_FAILED', 'NOT_IN_SAME_SESSION', 'NOT_IN_SESSION']);

/**
 * The connection and session half of the client: the socket with the DLL's reconnection, joins
 * (re-sent after a reconnection), and what the coordinator pushes, turned into typed events.
 * CoordinatorClient adds the outbound API on top.
 */
export class CoordinatorClientCore extends TypedEmitter<CoordinatorClientEvents> {
  readonly api: CoordinatorApi;
  readonly peerId: string;
  readonly dialect: Dialect;
  readonly traffic = new TrafficCounters();
  private readonly state = new SessionState();
  protected readonly frames = new FrameSequencer();
  private readonly connection: SignalingConnection;
  private target: JoinTarget | undefined;
  private pendingJoin: { resolve: (s: SessionInfo) => void; reject: (e: Error) => void } | undefined;
  private rejoining = false;

  constructor(protected readonly options: CoordinatorClientOptions) {
    super();
    this.peerId = options.peerId;
    this.dialect = options.dialect ?? 'dll';
    this.api = new CoordinatorApi({
      baseUrl: options.url,
      apiKey: options.apiKey,
      timeoutMs: options.requestTimeoutMs,
    });
    this.connection = new SignalingConnection({ url: () => this.signalingUrl(), reconnect: options.reconnect ?? {} });
    this.connection.on('text', (text) => this.onText(text));
    this.connection.on('binary', (data) => this.onBinary(data));
    this.connection.on('open', (event) => this.onOpen(event.reconnect));
    this.connection.on('closed', (event) => {
      this.frames.setKey(undefined);
      this.state.disconnected();
      this.pendingJoin?.reject(new Error(`connection closed (${event.code}) before the join was answered`));
      this.pendingJoin = undefined;
      this.emit('closed', event);
    });
    this.connection.on('reconnecting', (event) => this.emit('reconnecting', event));
    this.connection.on('failed', ({ error, final }) =>
      this.localError(final ? 'RECONNECT_FAILED' : 'CONNECTION_FAILED', error.message),
    );
  }

  /** The sequence number of the last authenticated frame sent (0n before the first). */
  get frameSeq(): bigint {
    return this.frames.lastSeq;
  }

  /** The session the client is in (kept across a reconnection, which rejoins it). */
  get session(): SessionInfo | undefined {
    return this.state.session;
  }

  /** Other members of the current session (the peer_joined / peer_left view). */
  get members(): ReadonlySet<string> {
    return this.state.members;
  }

  /** The proximity list, kept current from the coordinator's diffs. */
  get peers(): PeerList {
    return this.state.peers;
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

  /** Closes for good (no reconnection). */
  async close(): Promise<void> {
    await this.connection.close(1000);
  }

  protected send(kind: string, data: string | Buffer): boolean {
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
    if (
      !this.send(
        this.dialect === 'dll' ? 'create_session' : 'join',
        joinMessage(this.dialect, this.peerId, target, this.api.accessToken),
      )
    ) {
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
    const margin = (this.options.refreshMarginSeconds ?? 60) * 1000;
    const expiresAt = this.api.accessTokenExpiresAt;
    if (this.api.accessToken && expiresAt !== undefined && expiresAt - Date.now() < margin) {
      await this.api.refresh().catch((error: Error) => this.localError('TOKEN_REFRESH_FAILED', error.message));
    }
    return signalingUrl(this.options.url, this.options.wsUrl, this.dialect, this.peerId, this.api.accessToken);
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

  private dispatch(message: InboundMessage): void {
    switch (message.kind) {
      case 'joined': {
        const zone = this.target && 'zone' in this.target ? this.target.zone : undefined;
        const info = this.state.joined(message, this.dialect, zone, this.rejoining);
        this.frames.setKey(message.frameKey);
        this.pendingJoin?.resolve(info);
        this.pendingJoin = undefined;
        this.emit('session', info);
        return;
      }
      case 'left':
        this.state.left();
        this.emit('left', { sessionId: message.sessionId });
        return;
      case 'peer_joined':
        this.state.members.add(message.peerId);
        this.emit('peerJoined', message.peerId);
        return;
      case 'peer_left':
        this.state.members.delete(message.peerId);
        this.emit('peerLeft', message.peerId);
        return;
      case 'peer_list':
        this.emit('peerList', this.state.peerList(message.diff));
        return;
      case 'signal':
        this.emit('signal', {
          kind: message.signal,
          from: message.from,
          body: message.body,
          timestamp: message.timestamp,
        });
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
    if (data.length >= HEADER_SIZE && data.readUInt16BE(8) === PacketType.PONG) {
      this.traffic.received('frame:PONG');
      this.emit('pong', data.subarray(HEADER_SIZE));
      return;
    }
    this.localError('BAD_FRAME', `unreadable binary message (${relayed.reason})`);
  }

  private localError(code: string, message: string): void {
    this.emit('error', { code, message, local: true } satisfies ClientError);
  }

  protected override onListenerError(error: unknown, event: string): void {
    if (event !== 'error') {
      this.localError(
        'LISTENER_ERROR',
        `a '${event}' listener threw: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
}
