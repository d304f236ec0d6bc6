import { INestApplicationContext, Logger } from '@nestjs/common';
import { WsAdapter } from '@nestjs/platform-ws';
import type { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';
import type { ServerOptions } from 'ws';
import { ConnectionWebSocket, runInConnectionContext } from '../logging/connection-log-context';

/**
 * Nest's ws adapter with the coordinator's socket options. Messages are read by the gateway itself
 * (one JSON parse, errors answered, binary frames handled), so Nest's own per-message parsing is
 * turned off by a parser that yields nothing.
 */
export class SignalingWsAdapter extends WsAdapter {
  private readonly socketLogger = new Logger('SignalingSocket');

  constructor(
    app: INestApplicationContext,
    private readonly maxPayload: number,
  ) {
    super(app, { messageParser: () => undefined });
  }

  /**
   * A client socket's 'error' is the client breaking the protocol (invalid UTF-8, an oversized or
   * malformed frame) or its connection dropping; ws closes that socket itself (1007, 1009, 1002).
   * Nest logs each at error level with a stack, which lets any client flood the error log, so they
   * are debug lines here; the server's own errors stay errors.
   */
  override bindErrorHandler(server: EventEmitter): EventEmitter {
    server.on('connection', (socket: EventEmitter) =>
      socket.on('error', (error: Error & { code?: string }) =>
        this.socketLogger.debug(`Client socket error (${error.code ?? 'no code'}): ${error.message}`),
      ),
    );
    server.on('error', (error: Error) => this.socketLogger.error(error.message, error.stack));
    return server;
  }

  /** Each connection logs with its `conn_id` (see connection-log-context.ts; the gateway names it). */
  override bindClientConnect(server: EventEmitter, callback: (...args: unknown[]) => void): void {
    super.bindClientConnect(server, (socket: EventEmitter, ...rest: unknown[]) => {
      endQuietly((socket as { _socket?: Socket })._socket);
      runInConnectionContext(socket, () => callback(socket, ...rest));
    });
  }

  /**
   * Nest binds its disconnect callback with `once`, which wraps it in a bound function and a state
   * object per socket; a ws socket emits 'close' exactly once, so a plain listener does the same.
   */
  override bindClientDisconnect(client: EventEmitter, callback: (...args: unknown[]) => void): void {
    client.on('close', callback);
  }

  /**
   * The gateway listens to 'message' itself and has no @SubscribeMessage handlers, yet Nest's
   * default would still run every message through an rxjs pipeline (fromEvent → mergeMap → parser
   * → filter) per socket: about a tenth of the relay's CPU in a profile, for nothing. Not bound.
   */
  override bindMessageHandlers(): void {
    // Intentionally empty: see above.
  }

  override create(
    port: number,
    options: ServerOptions & { path?: string; namespace?: string } = {},
  ): ReturnType<WsAdapter['create']> {
    return super.create(port, {
      ...options,
      maxPayload: this.maxPayload,
      perMessageDeflate: false,
      clientTracking: true,
      // Runs each connection's listeners in its logging context (see connection-log-context.ts).
      WebSocket: ConnectionWebSocket,
    });
  }
}

type EndListener = (this: Socket) => void;
/** ws's own 'end' listener of a raw socket (the same function for every socket), once seen. */
let wsOnEnd: EndListener | undefined;

/**
 * When a client closes cleanly, ws answers its close frame and ends the TCP socket; when the
 * client's FIN then arrives, ws's 'end' listener ends the socket again, and Node makes an Error
 * (ERR_STREAM_ALREADY_FINISHED, stack trace and all) that nobody reads. In a mass disconnect that was
 * about a fifth of the node's time on the closes. This puts a listener in front of ws's that makes
 * that second `end()` a no-op when the socket has finished writing; everything else ws does on
 * 'end' is unchanged. Where the listener is not found (another ws version) nothing is changed.
 * Returns whether it was put in place.
 */
export function endQuietly(raw: Socket | undefined): boolean {
  if (raw === undefined) {
    return false;
  }
  const listener = raw.listeners('end').find((fn) => fn === wsOnEnd || fn.name === 'socketOnEnd');
  if (listener === undefined) {
    return false;
  }
  wsOnEnd = listener as EndListener;
  raw.removeListener('end', wsOnEnd);
  raw.on('end', onEndQuietly);
  return true;
}

function onEndQuietly(this: Socket): void {
  if (this.writableFinished) {
    // The socket is destroyed right after 'end' (autoDestroy): nothing may end it for real again.
    this.end = alreadyEnded;
  }
  wsOnEnd?.call(this);
}

function alreadyEnded(this: Socket): Socket {
  return this;
}
