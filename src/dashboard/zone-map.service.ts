import { Injectable } from '@nestjs/common';
import { AppError } from '../common/errors/app-error';
import { ID_PATTERN } from '../common/validation/ids';
import { AppConfig } from '../config/app-config';
import { suspicionAt } from '../protocol/movement';
import { ConnectionRegistry } from '../signaling/connection-registry';
import { ProximityService } from '../signaling/proximity.service';
import { ZonesService } from '../zones/zones.service';

/**
 * One player on the map. The movement fields are there only for peers connected to this node (the
 * node that judges their positions holds their record); a peer of another node has none of them.
 */
export interface ZoneMapPeer {
  peer_id: string;
  x: number;
  y: number;
  /** Movement suspicion score, decayed to now and rounded (see docs/protocol.md, "Movement"). */
  suspicion?: number;
  /** The score has reached MOVEMENT_SUSPICION_LIMIT. */
  suspicious?: boolean;
  /** Positions refused so far (off the map, on a wall, too fast), all reasons together. */
  refusals?: number;
}

export interface ZoneMap {
  zone: string;
  /**
   * `owner`: this node computes the zone's proximity, so every peer in the cluster is shown.
   * `local`: another node does; only this node's peers and their own lists are shown.
   */
  source: 'owner' | 'local';
  peers: ZoneMapPeer[];
  /** Directed: [a, b] means b is in a's proximity list. */
  links: [string, string][];
  truncated: boolean;
}

/** A map of this size is already unreadable; the cap keeps a stream frame small at 5 per second. */
const MAX_PEERS = 2000;

/** Positions and proximity links of one zone, for the dashboard's live map. */
@Injectable()
export class ZoneMapService {
  constructor(
    private readonly proximity: ProximityService,
    private readonly registry: ConnectionRegistry,
    private readonly zones: ZonesService,
    private readonly config: AppConfig,
  ) {}

  /** A zone id from a URL that names an existing zone, else a 422 or 404 before any stream starts. */
  async requireZone(zone: unknown): Promise<string> {
    if (typeof zone !== 'string' || !ID_PATTERN.test(zone)) {
      throw new AppError('VALIDATION_FAILED', 'zone must be a zone id', [
        { field: 'zone', message: 'zone must be a zone id' },
      ]);
    }
    if (!(await this.zones.findRecord(zone))) {
      throw new AppError('ZONE_NOT_FOUND', `Zone ${zone} not found`);
    }
    return zone;
  }

  /**
   * The zone's players and links, with the movement suspicion of those connected here. Runs on the
   * stream's timer (a few times a second per open dashboard), never per message: one map lookup and
   * one decay per shown peer.
   */
  snapshot(zone: string, now = Date.now()): ZoneMap {
    const owned = this.proximity.snapshot(zone);
    if (owned) {
      return this.withMovement(
        capped({ zone, source: 'owner', peers: owned.peers, links: owned.links, truncated: false }),
        now,
      );
    }
    const peers: ZoneMap['peers'] = [];
    const links: ZoneMap['links'] = [];
    for (const connection of this.registry.all()) {
      if (connection.zoneId !== zone || !connection.peerId || !connection.lastPosition) {
        continue;
      }
      peers.push({ peer_id: connection.peerId, x: connection.lastPosition.x, y: connection.lastPosition.y });
      for (const other of connection.nearby.keys()) {
        links.push([connection.peerId, other]);
      }
    }
    return this.withMovement(capped({ zone, source: 'local', peers, links, truncated: false }), now);
  }

  /** Adds suspicion, the suspicious flag and the refusal count to the peers this node holds a record of. */
  private withMovement(map: ZoneMap, now: number): ZoneMap {
    const limit = this.config.movement.suspicionLimit;
    const peers = map.peers.map((peer): ZoneMapPeer => {
      const record = this.registry.byPeerId(peer.peer_id)?.moves.record;
      if (!record || record.zone !== map.zone) {
        return peer;
      }
      const score = suspicionAt(record, now);
      let refusals = 0;
      for (const count of Object.values(record.rejections)) {
        refusals += count ?? 0;
      }
      return {
        peer_id: peer.peer_id,
        x: peer.x,
        y: peer.y,
        suspicion: Math.round(score),
        suspicious: score >= limit,
        refusals,
      };
    });
    return { ...map, peers };
  }
}

function capped(map: ZoneMap): ZoneMap {
  if (map.peers.length <= MAX_PEERS) {
    return map;
  }
  const peers = map.peers.slice(0, MAX_PEERS);
  const kept = new Set(peers.map((peer) => peer.peer_id));
  const links = map.links.filter(([a, b]) => kept.has(a) && kept.has(b));
  return { ...map, peers, links, truncated: true };
}
