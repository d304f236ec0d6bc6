import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { DecodedFrame, FrameFlag, RejectReason } from '../protocol/frame';
import type { MoveRefusal } from '../protocol/movement';
import { FrameCodec } from '../protocol/protocol.services';
import { TokenBucket } from '../protocol/rate-limit';
import { Connection } from './connection';
import { refusalFor } from './connection-phase';
import { FrameRelay } from './frame-relay';
import { MovementGuard } from './movement-guard';
import { ProximityService } from './proximity.service';
import { ZoneRelayPolicy } from './zone-relay-policy';

export interface FrameRefusal {
  code: 'FRAME_REJECTED' | 'NOT_IN_SESSION' | 'IMPLAUSIBLE_MOVE' | 'RELAY_DISABLED';
  reason: RejectReason | MoveRefusal | 'not_in_session' | 'relay_disabled';
  message: string;
  /** False for a refused position: movement never counts toward the generic abuse limit. */
  abusive: boolean;
}

/**
 * Binary P2P2 frames from peers: validated by the protocol's FrameCodec, positions checked
 * (MovementCheck) and applied to the proximity grid, PING answered, DISCONNECT treated as a leave,
 * and relay-flagged frames forwarded to the sender's proximity peers. Nothing here touches PostgreSQL.
 */
@Injectable()
export class FrameService {
  private readonly logger = new Logger(FrameService.name);

  constructor(
    private readonly config: AppConfig,
    private readonly codec: FrameCodec,
    private readonly movement: MovementGuard,
    private readonly proximity: ProximityService,
    private readonly relays: FrameRelay,
    private readonly relayPolicy: ZoneRelayPolicy,
  ) {}

  /** Returns a refusal to report, or undefined when the frame was accepted. `leave` handles DISCONNECT. */
  handle(connection: Connection, bytes: Buffer, leave: () => void): FrameRefusal | undefined {
    const outside = refusalFor(connection, 'frame');
    if (outside || !connection.peerId || !connection.zoneId) {
      return {
        code: 'NOT_IN_SESSION',
        reason: 'not_in_session',
        message: 'Join a session before sending frames',
        abusive: true,
      };
    }
    this.relays.received(connection.zoneId, bytes.length);
    const result = this.codec.validate(bytes, { frameKey: connection.frameKey, lastSeq: connection.frames.lastSeq });
    if (!result.ok) {
      return this.refuse(result.reason, connection.zoneId);
    }
    const frame = result.frame;
    if (frame.seq !== undefined) {
      connection.frames.lastSeq = frame.seq;
    }
    switch (frame.typeName) {
      case 'POSITION_UPDATE': {
        const { x, y, walkSpeedMs } = frame.position!;
        const refusal = this.position(connection, x, y, walkSpeedMs);
        if (refusal) {
          return refusal;
        }
        break;
      }
      case 'PING':
        connection.sendRaw(this.codec.pong(frame.pingBytes!));
        break;
      case 'DISCONNECT':
        leave();
        break;
      // Opaque payloads: only relayed (below) when flagged. Forbidden types never pass validation.
      case 'VISUAL_EFFECT':
      case 'CHAT_MESSAGE':
      case 'AI_INTERACTION':
      case 'ENVIRONMENTAL':
      case 'HANDSHAKE_REQUEST':
      case 'HANDSHAKE_RESPONSE':
      case 'PONG':
        break;
    }
    this.relays.accepted(frame.typeName);
    if (frame.flags & FrameFlag.RELAY && frame.typeName !== 'PING' && frame.typeName !== 'DISCONNECT') {
      return this.relay(connection, bytes, frame);
    }
    return undefined;
  }

  /**
   * A position (from a frame, with the walk speed the client declares, or a JSON `position` message)
   * judged by the movement model; applied to the proximity grid only when accepted.
   */
  position(connection: Connection, x: number, y: number, declaredMsPerCell?: number): FrameRefusal | undefined {
    const outside = refusalFor(connection, 'position');
    if (outside || !connection.peerId || !connection.zoneId) {
      return {
        code: 'NOT_IN_SESSION',
        reason: 'not_in_session',
        message: 'Join a session before sending positions',
        abusive: true,
      };
    }
    const refused = this.movement.judge(connection, x, y, declaredMsPerCell);
    if (refused) {
      this.relays.refused('implausible_move', connection.zoneId);
      return { code: 'IMPLAUSIBLE_MOVE', reason: refused.reason, message: refused.message, abusive: false };
    }
    connection.frames.lastPosition = { x, y, atMs: Date.now() };
    this.proximity.update(connection.zoneId, connection.peerId, x, y);
    return undefined;
  }

  private relay(connection: Connection, bytes: Buffer, frame: DecodedFrame): FrameRefusal | undefined {
    const zone = connection.zoneId!;
    if (!this.relayPolicy.allows(zone)) {
      // Not abusive: a client that tries the fallback once its direct connection failed is no attacker.
      return {
        code: 'RELAY_DISABLED',
        reason: 'relay_disabled',
        message: `Relay through the coordinator is off in zone ${zone} (fallback_enabled is false): connect to the peer directly`,
        abusive: false,
      };
    }
    const budget = (connection.frames.relayBudget ??= this.newBudget());
    const now = Date.now();
    if (!budget.frames.take(1, now) || !budget.bytes.take(bytes.length, now)) {
      return this.refuse('rate_exceeded', connection.zoneId);
    }
    if (connection.nearby.size === 0) {
      return undefined;
    }
    this.relays.relay(connection, connection.zoneId!, this.codec.relayed(bytes, frame, connection.peerId!));
    return undefined;
  }

  private newBudget(): { frames: TokenBucket; bytes: TokenBucket } {
    const { relayFramesPerSecond, relayBytesPerSecond } = this.config.protocol;
    return {
      frames: new TokenBucket({ capacity: relayFramesPerSecond * 2, refillPerSecond: relayFramesPerSecond }),
      bytes: new TokenBucket({ capacity: relayBytesPerSecond * 2, refillPerSecond: relayBytesPerSecond }),
    };
  }

  private refuse(reason: RejectReason, zone?: string): FrameRefusal {
    this.relays.refused(reason, zone);
    return { code: 'FRAME_REJECTED', reason, message: `Frame rejected: ${reason}`, abusive: true };
  }
}
