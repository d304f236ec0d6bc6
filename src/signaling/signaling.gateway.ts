import { Logger } from '@nestjs/common';
import { OnGatewayConnection, OnGatewayDisconnect, WebSocketGateway } from '@nestjs/websockets';
import type { IncomingMessage } from 'node:http';
import type { RawData, WebSocket } from 'ws';
import { AbuseWindow } from '../protocol/rate-limit';
import { dialectOf, ID_RE, parseInbound, SignalInbound } from '../protocol/signaling-messages';
import { AppConfig } from '../config/app-config';
import { nameConnection } from '../logging/connection-log-context';
import { CLOSE, Connection } from './connection';
import { ConnectionAdmission } from './connection-admission';
import { ConnectionRegistry } from './connection-registry';
import { errorForFailure } from './failure';
import { HandlerStage, SignalingMetrics } from './signaling.metrics';
import { FrameService } from './frame.service';
import { NoticeBatch } from './notice-batch';
import { SignalingService } from './signaling.service';
import { SerialQueue } from '../database/serial-queue';

export const SIGNALING_PATH = '/api/v1/signaling/ws';

/** The last resort of a failure handler: nothing may escape it. */
function destroyQuietly(socket: WebSocket): void {
  try {
    socket.terminate();
  } catch {
    // Already gone.
  }
}

interface ConnectionState {
  connection: Connection;
  queue: SerialQueue;
  /** Made on the first rejected message: most connections never have one. */
  abuse?: AbuseWindow;
  /** Queued async work; frames and signals skip the queue only when nothing is pending, so order is kept. */
  pending: number;
}

/**
 * Transport only: accepts sockets, reads the query, parses each text frame once, and hands typed
 * messages to SignalingService in arrival order. Every bad input gets an `error`; abuse gets 1008.
 */
@WebSocketGateway({ path: SIGNALING_PATH })
export class SignalingGateway implements OnGatewayConnection, OnGatewayDisconnect {
  private readonly logger = new Logger(SignalingGateway.name);
  private readonly states = new WeakMap<WebSocket, ConnectionState>();
  private sequence = 0;

  constructor(
    private readonly config: AppConfig,
    private readonly registry: ConnectionRegistry,
    private readonly service: SignalingService,
    private readonly metrics: SignalingMetrics,
    private readonly admission: ConnectionAdmission,
    private readonly frames: FrameService,
    private readonly notices: NoticeBatch,
  ) {}

  /** Nest calls this from an rxjs subscription: an exception here would be rethrown outside any handler and end the process. */
  handleConnection(socket: WebSocket, request: IncomingMessage): void {
    try {
      this.accept(socket, request);
    } catch (error) {
      this.crash('connect', error, socket);
    }
  }

  private accept(socket: WebSocket, request: IncomingMessage): void {
    const url = new URL(request.url ?? '/', 'ws://localhost');
    const peerId = url.searchParams.get('peer_id') ?? undefined;
    const sessionId = url.searchParams.get('session_id') ?? undefined;
    const connection = new Connection(
      `${this.config.service.nodeId}/${++this.sequence}`,
      socket,
      this.admission.clientIp(request),
      peerId !== undefined ? 'reference' : 'dll',
      this.config.ws.maxBufferedBytes,
      this.notices,
    );
    const state: ConnectionState = { connection, queue: new SerialQueue(), pending: 0 };
    this.states.set(socket, state);
    this.registry.add(connection);
    nameConnection(connection.connId);
    this.metrics.connections.inc();
    this.metrics.connects.inc({ dialect: connection.dialect });
    this.listen(state);
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
  }

  /**
   * The socket's listeners, made here rather than in handleConnection: closures made in one
   * function share one scope, so a listener made there would keep the upgrade request (and its
   * URL, token and headers) alive for as long as the socket is open.
   */
  private listen(state: ConnectionState): void {
    const { connection, connection: { socket } } = state;
    // An exception thrown by a listener would leave through ws's socket reader and end the process.
    socket.on('message', (data: RawData, isBinary: boolean) => {
      try {
        this.onMessage(state, data, isBinary);
      } catch (error) {
        this.crash('message', error, socket, connection);
      }
    });
    socket.on('pong', () => {
      try {
        connection.missedPings = 0;
      } catch (error) {
        this.crash('message', error, socket, connection);
      }
    });
  }

  private startIdentifyTimer(connection: Connection): void {
    connection.identifyTimer = setTimeout(() => {
      if (!connection.identified) {
        connection.close(CLOSE.IDENTIFY_TIMEOUT, 'identify with create_session or join');
      }
    }, this.config.ws.identifyGraceMs);
  }

  /** Nest calls this on the socket's 'close' event with its first argument: ws's close code (Nest types it a string). */
  handleDisconnect(socket: WebSocket, code?: number | string): void {
    const connection = this.states.get(socket)?.connection;
    try {
      this.forget(socket, code);
    } catch (error) {
      this.crash('disconnect', error, socket, connection);
    }
  }

  private forget(socket: WebSocket, code?: number | string): void {
    const state = this.states.get(socket);
    if (!state) {
      return;
    }
    this.metrics.disconnects.inc({ dialect: state.connection.dialect, code: String(state.connection.cutOffCode ?? code) });
    this.states.delete(socket);
    this.metrics.connections.dec();
    state.connection.closing = true;
    this.admission.release(state.connection);
    this.enqueue(state, () => this.service.disconnect(state.connection));
  }

  private async identifyFromQuery(connection: Connection, peerId: string, sessionId?: string): Promise<void> {
    if (!ID_RE.test(peerId) || (sessionId !== undefined && !ID_RE.test(sessionId))) {
      connection.sendError('INVALID_MESSAGE', 'peer_id and session_id must be 1-64 characters of letters, digits and . _ : @ -');
      connection.close(CLOSE.POLICY, 'invalid identity');
      return;
    }
    if ((await this.service.identify(connection, peerId)) && sessionId !== undefined) {
      await this.service.join(connection, sessionId);
    }
  }

  private onMessage(state: ConnectionState, data: RawData, isBinary: boolean): void {
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
    const parsed = parseInbound((data as Buffer).toString('utf8'));
    if ('error' in parsed) {
      this.reject(state, parsed.error, parsed.error.toUpperCase(), parsed.message);
      return;
    }
    this.metrics.received.inc(parsed.msg.type === 'signal' ? parsed.msg.kind : parsed.msg.type);
    const dialect = dialectOf(parsed.rawType);
    if (dialect && !connection.identified) {
      connection.dialect = dialect;
    }
    const msg = parsed.msg;
    if (msg.type === 'signal' && state.pending === 0) {
      this.signalNow(state, msg);
      return;
    }
    this.enqueue(state, async () => {
      if (!connection.authenticated && (msg.type === 'create_session' || msg.type === 'join')) {
        if (!(await this.admission.authenticateMessage(connection, msg.token))) {
          return;
        }
      }
      if (msg.type === 'position') {
        const refusal = this.frames.position(connection, msg.x, msg.y);
        if (refusal) {
          this.reject(state, refusal.reason, refusal.code, refusal.message, { reason: refusal.reason });
        }
        return;
      }
      await this.service.handle(connection, msg);
    });
  }

  /**
   * The relay's fast path. Nothing of this sender's is pending, so handling the signal now keeps its
   * order; it is delivered (same node) or in the target node's inbox batch (another node) with no
   * promise, queue hop or closure, and the sender's next message need not wait for Redis's answer.
   */
  private signalNow(state: ConnectionState, msg: SignalInbound): void {
    try {
      this.service.signal(state.connection, msg);
    } catch (error) {
      this.fail(state, error, 'message');
    }
  }

  /** Guarded here rather than by its callers: it runs from the message listener and from the queue. */
  private onFrame(state: ConnectionState, bytes: Buffer): void {
    try {
      const refusal = this.frames.handle(state.connection, bytes, () => this.enqueue(state, () => this.service.leave(state.connection)));
      if (refusal) {
        this.reject(state, refusal.reason, refusal.code, refusal.message, { reason: refusal.reason });
      }
    } catch (error) {
      this.crash('frame', error, state.connection.socket, state.connection);
    }
  }

  private reject(state: ConnectionState, reason: string, code: string, message: string, extra: Record<string, unknown> = {}): void {
    this.metrics.rejected.inc({ reason });
    state.connection.send('error', { message, code, ...extra });
    state.abuse ??= new AbuseWindow({ limit: this.config.ws.abuseLimit + 1, windowMs: this.config.ws.abuseWindowMs });
    if (state.abuse.record(Date.now())) {
      this.logger.warn(`Closing ${state.connection.peerId ?? state.connection.ip}: too many rejected messages`);
      state.connection.close(CLOSE.POLICY, 'too many invalid messages');
    }
  }

  /** Messages of one connection are handled in order; a failure answers an error, never crashes. */
  private enqueue(state: ConnectionState, work: () => Promise<void>): void {
    state.pending += 1;
    void state.queue.run(work).finally(() => {
      state.pending -= 1;
    }).catch((error: unknown) => this.fail(state, error, 'queue'));
  }

  /**
   * Expected failures (an AppError, a dependency that is down) are answered and the socket stays
   * open; anything else is a bug and crashes this socket. Never throws: a throw from the queue's
   * catch would be an unhandled rejection, which ends the process.
   */
  private fail(state: ConnectionState, error: unknown, stage: HandlerStage): void {
    try {
      const { code, message, unexpected } = errorForFailure(error);
      if (!unexpected) {
        state.connection.sendError(code, message);
        return;
      }
    } catch {
      // Mapping or answering the failure failed too: treated as the unexpected failure it is.
    }
    this.crash(stage, error, state.connection.socket, state.connection);
  }

  /**
   * An exception no handler expected: this socket alone is closed with 1011 after an INTERNAL error,
   * the failure is logged once with the connection and counted, and the node goes on serving the
   * others. Never throws (it runs inside listeners); if even closing fails, the socket is destroyed.
   */
  private crash(stage: HandlerStage, error: unknown, socket: WebSocket, connection = this.states.get(socket)?.connection): void {
    try {
      this.metrics.handlerFailures.inc({ stage });
      const where = connection === undefined ? 'an unregistered socket' : `connection ${connection.connId}${connection.peerId === undefined ? '' : ` (peer ${connection.peerId})`}`;
      const stack = error instanceof Error ? error.stack : String(error);
      this.logger.error(`Unexpected ${stage} failure on ${where}; closing it with ${CLOSE.INTERNAL}`, stack);
      if (connection) {
        connection.sendError('INTERNAL', 'Internal error');
        connection.close(CLOSE.INTERNAL, 'internal error');
      } else {
        socket.close(CLOSE.INTERNAL, 'internal error');
      }
    } catch {
      destroyQuietly(socket);
    }
  }
}
