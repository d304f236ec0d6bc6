import { Injectable, Logger } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import type { RawData, WebSocket } from 'ws';
import type { ErrorCode } from '@ro-p2p/contract';
import { SerialQueue } from '../common/serial-queue';
import { AppConfig } from '../config/app-config';
import { nameConnection } from '../logging/connection-log-context';
import { AbuseWindow } from '../protocol/rate-limit';
import { SignalingCodec } from '../protocol/protocol.services';
import { dialectOf, ID_RE, INBOUND_ERROR_CODES, SignalInbound } from '../protocol/signaling-messages';
import { CLOSE, Connection } from './connection';
import { ConnectionAdmission } from './connection-admission';
import { ConnectionRegistry } from './connection-registry';
import { DisconnectDrain } from './disconnect-drain';
import { MessageDispatcher } from './message-dispatcher';
import { SignalingMetrics } from './signaling.metrics';
import { SocketFailures } from './socket-failures';

interface Inbound {
  connection: Connection;
  queue: SerialQueue;
  /** Made on the first rejected message: most connections never have one. */
  abuse?: AbuseWindow;
  /** Queued async work; frames and signals skip the queue only when nothing is pending, so order is kept. */
  pending: number;
}

/**
 * Everything between a socket and the services: admission and the identify timer on connect, the
 * per-connection budget, parsing each text frame once, the connection's order (a queue that signals
 * and frames skip only when it is empty), the abuse window (1008) and the socket's farewell.
 */
@Injectable()
export class InboundPipeline {
  private readonly logger = new Logger(InboundPipeline.name);
  private readonly inbound = new WeakMap<WebSocket, Inbound>();
  /** Disconnect clean-ups, paced so that a mass disconnect does not hold up the joins (see DisconnectDrain). */
  private readonly farewells = new DisconnectDrain();

  constructor(
    private readonly config: AppConfig,
    private readonly codec: SignalingCodec,
    private readonly registry: ConnectionRegistry,
    private readonly admission: ConnectionAdmission,
    private readonly dispatcher: MessageDispatcher,
    private readonly metrics: SignalingMetrics,
  ) {
    this.failures = new SocketFailures(metrics);
  }

  /** What happens when handling one of these sockets fails (the gateway's guard uses it too). */
  readonly failures: SocketFailures;

  connectionOf(socket: WebSocket): Connection | undefined {
    return this.inbound.get(socket)?.connection;
  }

  /** A new socket: registered, admitted (in its queue) and given the identify grace. */
  open(socket: WebSocket, request: IncomingMessage): Connection {
    const url = new URL(request.url ?? '/', 'ws://localhost');
    const peerId = url.searchParams.get('peer_id') ?? undefined;
    const sessionId = url.searchParams.get('session_id') ?? undefined;
    const connection = this.registry.open(
      socket,
      this.admission.clientIp(request),
      peerId !== undefined ? 'reference' : 'dll',
    );
    const state: Inbound = { connection, queue: new SerialQueue(), pending: 0 };
    this.inbound.set(socket, state);
    nameConnection(connection.connId);
    this.metrics.connections.inc();
    this.metrics.connects.inc({ dialect: connection.dialect });
    // This closure holds the upgrade request (URL with its token, headers) only until it has run.
    this.enqueue(state, async () => {
      if (!(await this.admission.admit(connection, request))) {
        return;
      }
      if (peerId !== undefined) {
        await this.identifyFromQuery(connection, peerId, sessionId);
      }
    });
    // The query form identifies at once, but may fail to (a refused identity, a peer id in use):
    // every socket that is still unidentified when the grace ends is closed.
    this.startIdentifyTimer(connection);
    return connection;
  }

  /** One WebSocket message (text: a JSON message; binary: a P2P2 frame). */
  receive(socket: WebSocket, data: RawData, isBinary: boolean): void {
    const state = this.inbound.get(socket);
    if (!state) {
      return;
    }
    const { connection } = state;
    const bytes = Array.isArray(data) ? data.reduce((sum, part) => sum + part.length, 0) : data.byteLength;
    if (!this.admission.allowMessage(connection, bytes)) {
      this.reject(state, 'rate_exceeded', 'RATE_LIMITED', 'Too many messages; slow down');
      return;
    }
    if (isBinary) {
      if (state.pending > 0) {
        this.enqueue(state, () => Promise.resolve(this.onFrame(state, data as Buffer)));
      } else {
        this.onFrame(state, data as Buffer);
      }
      return;
    }
    // Text frames arrive as one Buffer (binaryType 'nodebuffer').
    const parsed = this.codec.parse((data as Buffer).toString('utf8'));
    if ('error' in parsed) {
      this.reject(state, parsed.error, INBOUND_ERROR_CODES[parsed.error], parsed.message);
      return;
    }
    this.metrics.received.inc(parsed.msg.type === 'signal' ? parsed.msg.kind : parsed.msg.type);
    const dialect = dialectOf(parsed.rawType);
    if (dialect && !connection.identified) {
      connection.speak(dialect);
    }
    const msg = parsed.msg;
    if (msg.type === 'signal' && state.pending === 0) {
      this.signalNow(state, msg);
      return;
    }
    this.enqueue(state, async () => {
      const refusal = await this.dispatcher.dispatch(connection, msg);
      if (refusal) {
        this.reject(state, refusal.reason, refusal.code, refusal.message, refusal.reason, refusal.abusive);
      }
    });
  }

  /** The socket closed (`code`: ws's close code). */
  close(socket: WebSocket, code?: number | string): void {
    const state = this.inbound.get(socket);
    if (!state) {
      return;
    }
    const { connection } = state;
    this.metrics.disconnects.inc({ dialect: connection.dialect, code: String(connection.cutOffCode ?? code) });
    this.inbound.delete(socket);
    this.metrics.connections.dec();
    connection.closed(code === undefined ? undefined : Number(code));
    this.admission.release(connection);
    const wasCurrent = this.registry.remove(connection);
    // In the connection's queue (after what it sent before closing), then in the drain's turn.
    this.enqueue(state, () => this.farewells.run(() => this.dispatcher.disconnect(connection, wasCurrent)));
  }

  private startIdentifyTimer(connection: Connection): void {
    connection.identifyTimer = setTimeout(() => {
      if (!connection.identified) {
        connection.close(CLOSE.IDENTIFY_TIMEOUT, 'identify with create_session or join');
      }
    }, this.config.ws.identifyGraceMs);
  }

  private async identifyFromQuery(connection: Connection, peerId: string, sessionId?: string): Promise<void> {
    if (!ID_RE.test(peerId) || (sessionId !== undefined && !ID_RE.test(sessionId))) {
      connection.sendError(
        'INVALID_MESSAGE',
        'peer_id and session_id must be 1-64 characters of letters, digits and . _ : @ -',
      );
      connection.close(CLOSE.POLICY, 'invalid identity');
      return;
    }
    await this.dispatcher.identifyFromQuery(connection, peerId, sessionId);
  }

  /**
   * The relay's fast path. Nothing of this sender's is pending, so handling the signal now keeps its
   * order; it is delivered (same node) or in the target node's inbox batch (another node) with no
   * promise, queue hop or closure, and the sender's next message need not wait for Redis's answer.
   */
  private signalNow(state: Inbound, msg: SignalInbound): void {
    try {
      this.dispatcher.signal(state.connection, msg);
    } catch (error) {
      this.failures.fail(state.connection, error, 'message');
    }
  }

  /** Guarded here rather than by its callers: it runs from the message listener and from the queue. */
  private onFrame(state: Inbound, bytes: Buffer): void {
    const { connection } = state;
    try {
      const refusal = this.dispatcher.frame(connection, bytes, () =>
        this.enqueue(state, () => this.dispatcher.leave(connection)),
      );
      if (refusal) {
        this.reject(state, refusal.reason, refusal.code, refusal.message, refusal.reason, refusal.abusive);
      }
    } catch (error) {
      this.failures.crash('frame', error, connection.socket, connection);
    }
  }

  /** Answers a refusal; all but refused positions (`abusive` false) count toward the abuse window (1008). */
  private reject(
    state: Inbound,
    metricReason: string,
    code: ErrorCode,
    message: string,
    reason?: string,
    abusive = true,
  ): void {
    this.metrics.rejected.inc({ reason: metricReason });
    state.connection.sendError(code, message, reason);
    if (!abusive) {
      return;
    }
    state.abuse ??= new AbuseWindow({ limit: this.config.ws.abuseLimit + 1, windowMs: this.config.ws.abuseWindowMs });
    if (state.abuse.record(Date.now())) {
      this.logger.warn(`Closing ${state.connection.peerId ?? state.connection.ip}: too many rejected messages`);
      state.connection.close(CLOSE.POLICY, 'too many invalid messages');
    }
  }

  /** Messages of one connection are handled in order; a failure answers an error, never crashes. */
  private enqueue(state: Inbound, work: () => Promise<void>): void {
    state.pending += 1;
    void state.queue
      .run(work)
      .finally(() => {
        state.pending -= 1;
      })
      .catch((error: unknown) => this.failures.fail(state.connection, error, 'queue'));
  }
}
