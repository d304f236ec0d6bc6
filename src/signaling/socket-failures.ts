import { Logger } from '@nestjs/common';
import type { WebSocket } from 'ws';
import { CLOSE, Connection } from './connection';
import { errorForFailure } from './failure';
import { HandlerStage, SignalingMetrics } from './signaling.metrics';

/** The last resort of a failure handler: nothing may escape it. */
function destroyQuietly(socket: WebSocket): void {
  try {
    socket.terminate();
  } catch {
    // Already gone.
  }
}

/**
 * What happens when handling a socket fails. Expected failures (an AppError, a dependency that is
 * down) are answered and the socket stays open; anything else is a bug and crashes that socket
 * alone. Never throws: these run inside socket listeners and promise catches, where a throw would
 * end the process.
 */
export class SocketFailures {
  private readonly logger = new Logger(SocketFailures.name);

  constructor(private readonly metrics: SignalingMetrics) {}

  fail(connection: Connection, error: unknown, stage: HandlerStage): void {
    try {
      const { code, message, unexpected } = errorForFailure(error);
      if (!unexpected) {
        connection.sendError(code, message);
        return;
      }
    } catch {
      // Mapping or answering the failure failed too: treated as the unexpected failure it is.
    }
    this.crash(stage, error, connection.socket, connection);
  }

  /**
   * An exception no handler expected: this socket alone is closed with 1011 after an INTERNAL error,
   * the failure is logged once with the connection and counted, and the node goes on serving the
   * others. If even closing fails, the socket is destroyed.
   */
  crash(stage: HandlerStage, error: unknown, socket: WebSocket, connection?: Connection): void {
    try {
      this.metrics.handlerFailures.inc({ stage });
      const where =
        connection === undefined
          ? 'an unregistered socket'
          : `connection ${connection.connId}${connection.peerId === undefined ? '' : ` (peer ${connection.peerId})`}`;
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
