import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import {
  judgeMove,
  MOVE_REFUSALS,
  MoveRefusal,
  MOVEMENT_DEFAULTS,
  MovementRules,
  PeerMovement,
  suspicionAt,
} from '../protocol/movement';
import { MovementStore } from '../state/movement.store';
import { WebhookPublisher } from '../webhooks/webhook-publisher.service';
import { CLOSE, Connection } from './connection';
import { parseMovementRecord } from './movement-record';
import { MovementMetrics } from './movement.metrics';
import { ZoneMaps } from './zone-maps';

/** How often changed records are written to the shared store (a batch, never per message). */
const FLUSH_MS = 1000;
/** A walking peer's record is saved at most this often (relocations, refusals and suspicion at once). */
const WALK_SAVE_MS = 5000;
/** How long a player's record outlives its last change: long enough for any reconnect. */
const RECORD_TTL_MS = 30 * 60_000;

/** What a refused position tells the client. */
export interface MoveRefused {
  reason: MoveRefusal;
  message: string;
}

const MESSAGES: { readonly [R in MoveRefusal]: string } = {
  out_of_bounds: 'Position is off the map',
  not_walkable: 'Position is on a cell no one can stand on',
  too_fast: 'Walking faster than the game allows',
};

/** A peer's movement as admins read it. */
export interface MovementView {
  peer_id: string;
  zone: string;
  position: { x: number; y: number } | null;
  suspicion: number;
  suspicious: boolean;
  rejections: { [R in MoveRefusal]: number };
  relocations: number;
}

/**
 * Applies the movement model (protocol/movement.ts) to a connection's positions: the map of its zone,
 * the player's record (loaded once per join from the shared store, so it survives a reconnect on any
 * node, and written back in batches), suspicion reporting and the policy. Movement never counts
 * toward the generic abuse limit and, unless MOVEMENT_POLICY=kick, never disconnects anyone.
 */
@Injectable()
export class MovementGuard implements OnModuleDestroy {
  private readonly logger = new Logger(MovementGuard.name);
  private readonly rules: MovementRules;
  private readonly dirty = new Map<string, PeerMovement>();
  private readonly timer: NodeJS.Timeout;
  private flushing?: Promise<void>;

  constructor(
    private readonly config: AppConfig,
    private readonly store: MovementStore,
    private readonly maps: ZoneMaps,
    private readonly metrics: MovementMetrics,
    private readonly webhooks: WebhookPublisher,
  ) {
    const { tolerance, minWalkSpeedMs } = config.movement;
    this.rules = { ...MOVEMENT_DEFAULTS, tolerance, floorMsPerCell: minWalkSpeedMs };
    this.timer = setInterval(() => void this.flush(), FLUSH_MS);
    this.timer.unref();
  }

  /**
   * Before a connection enters `zoneId`: the zone's map, and the player's record when this connection
   * has none yet (a reconnect picks up the last accepted position and the suspicion). A store that
   * cannot answer leaves the record empty rather than refusing the join.
   */
  async enter(connection: Connection, peerId: string, zoneId: string): Promise<void> {
    const slot = connection.moves;
    if (slot.gridZone !== zoneId) {
      slot.grid = await this.maps.gridFor(zoneId);
      slot.gridZone = zoneId;
    }
    if (slot.record) {
      return;
    }
    const pending = this.dirty.get(peerId);
    if (pending) {
      slot.record = pending;
      return;
    }
    try {
      slot.record = parseMovementRecord(await this.store.get(peerId));
    } catch (error) {
      this.logger.warn(
        `Movement record of ${peerId} unavailable: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  /** Judges a position; returns the refusal to report, or undefined when it was accepted. */
  judge(connection: Connection, x: number, y: number, declaredMsPerCell?: number): MoveRefused | undefined {
    const peerId = connection.peerId!;
    const zone = connection.zoneId!;
    const slot = connection.moves;
    const now = Date.now();
    const before = slot.record ? suspicionAt(slot.record, now, this.rules) : 0;
    const grid = slot.gridZone === zone ? slot.grid : undefined;
    const verdict = judgeMove(slot.record, { zone, x, y, declaredMsPerCell }, now, this.rules, grid);
    slot.record = verdict.state;
    for (const reason of verdict.suspected) {
      this.metrics.suspicion.inc({ reason });
    }
    if (verdict.kind === 'relocation') {
      this.metrics.relocations.inc();
    }
    const notable =
      verdict.refusal || verdict.kind === 'relocation' || verdict.kind === 'first' || verdict.suspected.length > 0;
    if (notable || now - (slot.savedAt ?? 0) >= WALK_SAVE_MS) {
      slot.savedAt = now;
      this.dirty.set(peerId, verdict.state);
    }
    this.report(connection, before, verdict.state.suspicion, verdict.suspected.length > 0);
    if (verdict.refusal) {
      this.metrics.refusals.inc({ reason: verdict.refusal });
      return { reason: verdict.refusal, message: MESSAGES[verdict.refusal] };
    }
    return undefined;
  }

  /** The connection is going: its record is written with the next batch. */
  release(connection: Connection): void {
    const record = connection.moves.record;
    if (connection.peerId && record) {
      this.dirty.set(connection.peerId, record);
    }
  }

  /** A peer's movement: from a connection on this node when there is one, else the shared store. */
  async view(peerId: string, local?: Connection): Promise<MovementView | undefined> {
    let record = local?.moves.record ?? this.dirty.get(peerId);
    if (!record) {
      record = parseMovementRecord(await this.store.get(peerId));
    }
    if (!record) {
      return undefined;
    }
    const suspicion = Math.round(suspicionAt(record, Date.now(), this.rules) * 10) / 10;
    const rejections = Object.fromEntries(MOVE_REFUSALS.map((reason) => [reason, record.rejections[reason] ?? 0]));
    return {
      peer_id: peerId,
      zone: record.zone,
      position: record.at >= 0 ? { x: record.x, y: record.y } : null,
      suspicion,
      suspicious: suspicion >= this.config.movement.suspicionLimit,
      rejections: rejections as MovementView['rejections'],
      relocations: record.relocationCount,
    };
  }

  /** Writes the changed records; one batch at a time. */
  flush(): Promise<void> {
    if (this.flushing || this.dirty.size === 0) {
      return this.flushing ?? Promise.resolve();
    }
    const batch = new Map([...this.dirty].map(([peerId, record]) => [peerId, JSON.stringify(record)]));
    this.dirty.clear();
    this.flushing = this.store
      .putMany(batch, RECORD_TTL_MS)
      .catch((error: unknown) => {
        this.logger.warn(
          `Movement records not saved (${batch.size}): ${error instanceof Error ? error.message : String(error)}`,
        );
      })
      .finally(() => {
        this.flushing = undefined;
      });
    return this.flushing;
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.flushing;
    await this.flush();
  }

  /**
   * Crossing the limit is logged, counted and sent as a `peer.suspicious` webhook once. With
   * MOVEMENT_POLICY=kick, a peer at or over the limit is closed on any move that adds suspicion: one
   * that reconnects already over it goes again at its next unexplainable move, not at once (the score
   * decays, so it may come back).
   */
  private report(connection: Connection, before: number, after: number, raised: boolean): void {
    const limit = this.config.movement.suspicionLimit;
    if (before < limit && after >= limit) {
      this.metrics.suspicious.inc();
      this.logger.warn(
        `Peer ${connection.peerId} is suspicious: movement score ${Math.round(after)} (limit ${limit}) in zone ${connection.zoneId}`,
      );
      const record = connection.moves.record;
      this.webhooks.publish('peer.suspicious', {
        peer_id: connection.peerId ?? '',
        zone: connection.zoneId ?? record?.zone ?? '',
        suspicion: Math.round(after * 10) / 10,
        limit,
        rejections: Object.fromEntries(MOVE_REFUSALS.map((reason) => [reason, record?.rejections[reason] ?? 0])),
      });
    }
    if (raised && after >= limit && this.config.movement.policy === 'kick') {
      connection.sendError('IMPLAUSIBLE_MOVE', 'Disconnected: movement no item or skill explains', 'suspicion');
      connection.close(CLOSE.POLICY, 'implausible movement');
    }
  }
}
