import { Injectable } from '@nestjs/common';
import { InboundMessage, SignalInbound } from '../protocol/signaling-messages';
import { Connection } from './connection';
import { ConnectionAdmission } from './connection-admission';
import { refusalFor } from './connection-phase';
import { FrameRefusal, FrameService } from './frame.service';
import { SessionMembership } from './session-membership.service';
import { SignalRelay } from './signal-relay.service';

/**
 * Serves one parsed client message, in the connection's order: authentication carried by the first
 * create_session or join, then the service for its kind. A refusal that counts toward the abuse
 * limit comes back to the pipeline; everything else is answered here or by the service.
 */
@Injectable()
export class MessageDispatcher {
  constructor(
    private readonly admission: ConnectionAdmission,
    private readonly membership: SessionMembership,
    private readonly relay: SignalRelay,
    private readonly frames: FrameService,
  ) {}

  async dispatch(connection: Connection, msg: InboundMessage): Promise<FrameRefusal | undefined> {
    if (!connection.authenticated && (msg.type === 'create_session' || msg.type === 'join')) {
      if (!(await this.admission.authenticateMessage(connection, msg.token))) {
        return undefined;
      }
    }
    switch (msg.type) {
      case 'create_session':
        await this.membership.createSession(connection, msg.zone, msg.peerId);
        return undefined;
      case 'join':
        await this.membership.join(connection, msg.sessionId, msg.peerId);
        return undefined;
      case 'leave': {
        const refusal = refusalFor(connection, 'leave');
        if (refusal) {
          connection.sendError(refusal.code, refusal.message);
          return undefined;
        }
        await this.membership.leave(connection);
        return undefined;
      }
      case 'signal':
        this.relay.signal(connection, msg);
        return undefined;
      case 'position':
        return this.frames.position(connection, msg.x, msg.y);
      case 'ping':
        connection.send('pong', { timestamp: Date.now() });
        return undefined;
    }
  }

  /** A signal, on the relay's fast path (see InboundPipeline). */
  signal(connection: Connection, msg: SignalInbound): void {
    this.relay.signal(connection, msg);
  }

  /** A binary P2P2 frame; `leave` queues the graceful leave a DISCONNECT frame asks for. */
  frame(connection: Connection, bytes: Buffer, leave: () => void): FrameRefusal | undefined {
    return this.frames.handle(connection, bytes, leave);
  }

  /** The query form (`?peer_id=…&session_id=…`) identifies, and joins, at once. */
  async identifyFromQuery(connection: Connection, peerId: string, sessionId?: string): Promise<void> {
    if ((await this.membership.identify(connection, peerId)) && sessionId !== undefined) {
      await this.membership.join(connection, sessionId);
    }
  }

  /** A DISCONNECT frame is a graceful leave. */
  leave(connection: Connection): Promise<void> {
    return this.membership.leave(connection);
  }

  /** The socket closed; `wasCurrent` when it still held its peer id on this node. */
  disconnect(connection: Connection, wasCurrent: boolean): Promise<void> {
    return this.membership.disconnect(connection, wasCurrent);
  }
}
