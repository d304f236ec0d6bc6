import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { buildPong } from '../protocol/frame-codec';
import { DecodedFrame, FrameFlag, RejectReason } from '../protocol/frame';
import { validateClientFrame } from '../protocol/frame-validator';
import { checkMove } from '../protocol/movement';
import { TokenBucket } from '../protocol/rate-limit';
import { buildRelayedFrame } from '../protocol/relay';
import { ClusterRouter } from './cluster-router';
import { Connection } from './connection';
import { ConnectionRegistry } from './connection-registry';
import { RelayMessage } from './inbox-messages';
import { ProximityService } from './proximity.service';
import { SignalingMetrics } from './signaling.metrics';
import { ZoneTraffic } from './zone-traffic';

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
 * Binary P2P2 frames from peers: validated by the protocol module, positions applied to the
 * proximity grid, PING answered, DISCONNECT treated as a leave, and relay-flagged frames forwarded
 * to the sender's proximity peers. Nothing here touches PostgreSQL.
 */
@Injectable()
export class FrameService {
  private readonly logger = new Logger(FrameService.name);

  constructor(
    private readonly config: AppConfig,
    private readonly registry: ConnectionRegistry,
    private readonly router: ClusterRouter,
    private readonly proximity: ProximityService,
    private readonly metrics: SignalingMetrics,
    private readonly traffic: ZoneTraffic,
  ) {
    router.on('relay', (message) => this.deliverRelay(message as RelayMessage));
  }

  /** Returns a refusal to report, or undefined when the frame was accepted. `leave` handles DISCONNECT. */
  handle(connection: Connection, bytes: Buffer, leave: () => void): FrameRefusal | undefined {
    if (!connection.peerId || !connection.zoneId) {
      return { code: 'NOT_IN_SESSION', reason: 'not_in_session', message: 'Join a session before sending frames' };
    }
    this.traffic.received(connection.zoneId, bytes.length);
    const result = validateClientFrame(bytes, {
      frameKey: connection.frameKey,
      lastSeq: connection.lastSeq,
      authRequired: this.config.protocol.frameAuthRequired,
    });
    if (!result.ok) {
      return this.refuse(result.reason, connection.zoneId);
    }
    const frame = result.frame;
    if (frame.seq !== undefined) {
      connection.lastSeq = frame.seq;
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
        connection.sendRaw(buildPong(frame.pingBytes!));
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
    this.metrics.framesAccepted.inc({ type: frame.typeName });
    if (frame.flags & FrameFlag.RELAY && frame.typeName !== 'PING' && frame.typeName !== 'DISCONNECT') {
      return this.relay(connection, bytes, frame);
    }
    return undefined;
  }

  /** A position (from a frame or a JSON `position` message) after the movement check. */
  position(connection: Connection, x: number, y: number, walkSpeedMs = DEFAULT_WALK_SPEED_MS): FrameRefusal | undefined {
    if (!connection.peerId || !connection.zoneId) {
      return { code: 'NOT_IN_SESSION', reason: 'not_in_session', message: 'Join a session before sending positions' };
    }
    const now = Date.now();
    const { moveTolerance, minWalkSpeedMs, maxJumpCells } = this.config.protocol;
    const verdict = checkMove(connection.lastPosition, { x, y, walkSpeedMs }, now, {
      tolerance: moveTolerance,
      minWalkSpeedMs,
      maxJumpCells,
    });
    if (verdict !== 'ok') {
      connection.moveViolations += 1;
      if (connection.moveViolations % REPORT_EVERY === 1) {
        this.logger.warn(`Peer ${connection.peerId} sent an implausible move (${verdict}); ${connection.moveViolations} so far`);
      }
      return this.refuse('implausible_move', connection.zoneId);
    }
    connection.lastPosition = { x, y, atMs: now };
    this.proximity.update(connection.zoneId, connection.peerId, x, y);
    return undefined;
  }

  private relay(connection: Connection, bytes: Buffer, frame: DecodedFrame): FrameRefusal | undefined {
    const budget = (connection.relayBudget ??= this.newBudget());
    const now = Date.now();
    if (!budget.frames.take(1, now) || !budget.bytes.take(bytes.length, now)) {
      return this.refuse('rate_exceeded', connection.zoneId);
    }
    if (connection.nearby.size === 0) {
      return undefined;
    }
    const relayed = buildRelayedFrame(bytes, frame, connection.peerId!);
    this.traffic.relayed(connection.zoneId!, connection.nearby.size, relayed.length);
    const remote = new Map<string, string[]>();
    for (const [peer, node] of connection.nearby) {
      if (node === this.router.nodeId) {
        if (this.registry.byPeerId(peer)?.sendRaw(relayed)) {
          this.metrics.framesRelayed.inc();
        }
      } else {
        const targets = remote.get(node) ?? [];
        targets.push(peer);
        remote.set(node, targets);
      }
    }
    if (remote.size > 0) {
      const encoded = relayed.toString('base64');
      for (const [node, targets] of remote) {
        void this.router.publish(node, { kind: 'relay', frame: encoded, targets });
      }
    }
    return undefined;
  }

  private deliverRelay(message: RelayMessage): void {
    const relayed = Buffer.from(message.frame, 'base64');
    for (const peer of message.targets) {
      if (this.registry.byPeerId(peer)?.sendRaw(relayed)) {
        this.metrics.framesRelayed.inc();
      }
    }
  }

  private newBudget(): { frames: TokenBucket; bytes: TokenBucket } {
    const { relayFramesPerSecond, relayBytesPerSecond } = this.config.protocol;
    return {
      frames: new TokenBucket({ capacity: relayFramesPerSecond * 2, refillPerSecond: relayFramesPerSecond }),
      bytes: new TokenBucket({ capacity: relayBytesPerSecond * 2, refillPerSecond: relayBytesPerSecond }),
    };
  }

  private refuse(reason: RejectReason, zone?: string): FrameRefusal {
    this.metrics.framesRejected.inc({ reason });
    this.traffic.rejected(zone, reason);
    return { code: 'FRAME_REJECTED', reason, message: `Frame rejected: ${reason}` };
  }
}
