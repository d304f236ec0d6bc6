import { OnGatewayConnection, OnGatewayDisconnect, WebSocketGateway } from '@nestjs/websockets';
import type { IncomingMessage } from 'node:http';
import type { RawData, WebSocket } from 'ws';
import { InboundPipeline } from './inbound-pipeline';
import { SocketFailures } from './socket-failures';

export const SIGNALING_PATH = '/api/v1/signaling/ws';

/**
 * Transport only: hands each socket's open, messages, pongs and close to the InboundPipeline, and
 * makes sure no exception leaves a socket callback (it would end the process): an unexpected one
 * closes that socket alone with 1011 (SocketFailures).
 */
@WebSocketGateway({ path: SIGNALING_PATH })
export class SignalingGateway implements OnGatewayConnection, OnGatewayDisconnect {
  private readonly failures: SocketFailures;

  constructor(private readonly pipeline: InboundPipeline) {
    this.failures = pipeline.failures;
  }

  /** Nest calls this from an rxjs subscription: an exception here would be rethrown outside any handler. */
  handleConnection(socket: WebSocket, request: IncomingMessage): void {
    try {
      this.pipeline.open(socket, request);
      this.listen(socket);
    } catch (error) {
      this.failures.crash('connect', error, socket, this.pipeline.connectionOf(socket));
    }
  }

  /**
   * The socket's listeners, made here rather than in handleConnection: closures made in one
   * function share one scope, so a listener made there would keep the upgrade request (and its
   * URL, token and headers) alive for as long as the socket is open.
   */
  private listen(socket: WebSocket): void {
    socket.on('message', (data: RawData, isBinary: boolean) => {
      try {
        this.pipeline.receive(socket, data, isBinary);
      } catch (error) {
        this.failures.crash('message', error, socket, this.pipeline.connectionOf(socket));
      }
    });
    socket.on('pong', () => {
      try {
        this.pipeline.connectionOf(socket)?.ponged();
      } catch (error) {
        this.failures.crash('message', error, socket, this.pipeline.connectionOf(socket));
      }
    });
  }

  /** Nest calls this on the socket's 'close' event with its first argument: ws's close code (Nest types it a string). */
  handleDisconnect(socket: WebSocket, code?: number | string): void {
    const connection = this.pipeline.connectionOf(socket);
    try {
      this.pipeline.close(socket, code);
    } catch (error) {
      this.failures.crash('disconnect', error, socket, connection);
    }
  }
}
