import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { DecodedFrame, FrameFlag, RejectReason } from '../protocol/frame';
import { checkMove } from '../protocol/movement';
import { FrameCodec } from '../protocol/protocol.services';
import { TokenBucket } from '../protocol/rate-limit';
import { Connection } from './connection';
import { refusalFor } from './connection-phase';
import { FrameRelay } from './frame-relay';
import { ProximityService } from './proximity.service';

/** RO's default walk speed (ms per cell), assumed for JSON `position` messages. */
const DEFAULT_WALK_SPEED_MS = 150;
/** Log a cheating suspect on its first implausible move and then every tenth. */
const REPORT_EVERY = 10;

export interface FrameRefusal {
  code: 'FRAME_REJECTED' | 'NOT_IN_SESSION';
  reason: RejectReason | 'not_in_session';
  message: string;
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
    private readonly proximity: ProximityService,
    private readonly relays: FrameRelay,
  ) {}

  /** Returns a refusal to report, or undefined when the frame was accepted. `leave` handles DISCONNECT. */
  handle(connection: Connection, bytes: Buffer, leave: () => void): FrameRefusal | undefined {
    const outside = refusalFor(connection, 'frame');
    if (outside || !connection.peerId || !connection.zoneId) {
      return { code: 'NOT_IN_SESSION', reason: 'not_in_session', message: 'Join a session before sending frames' };
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

  /** A position (from a frame or a JSON `position` message) after the movement check. */
  position(
    connection: Connection,
    x: number,
    y: number,
    walkSpeedMs = DEFAULT_WALK_SPEED_MS,
  ): FrameRefusal | undefined {
    const outside = refusalFor(connection, 'position');
    if (outside || !connection.peerId || !connection.zoneId) {
      return { code: 'NOT_IN_SESSION', reason: 'not_in_session', message: 'Join a session before sending positions' };
    }
    const now = Date.now();
    const state = connection.frames;
    const verdict = checkMove(state.lastPosition, { x, y, walkSpeedMs }, now);
    if (verdict !== 'ok') {
      state.moveViolations += 1;
      if (state.moveViolations % REPORT_EVERY === 1) {
        this.logger.warn(
          `Peer ${connection.peerId} sent an implausible move (${verdict}); ${state.moveViolations} so far`,
        );
      }
      return this.refuse('implausible_move', connection.zoneId);
    }
    state.lastPosition = { x, y, atMs: now };
    this.proximity.update(connection.zoneId, connection.peerId, x, y);
    return undefined;
  }

  private relay(connection: Connection, bytes: Buffer, frame: DecodedFrame): FrameRefusal | undefined {
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
    return { code: 'FRAME_REJECTED', reason, message: `Frame rejected: ${reason}` };
  }
}
