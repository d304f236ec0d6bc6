import { Injectable } from '@nestjs/common';
import { AppError } from '../common/errors/app-error';
import { ID_PATTERN } from '../common/validation/ids';
import { ConnectionRegistry } from '../signaling/connection-registry';
import { ProximityService } from '../signaling/proximity.service';
import { ZonesService } from '../zones/zones.service';

export interface ZoneMap {
  zone: string;
  /**
   * `owner`: this node computes the zone's proximity, so every peer in the cluster is shown.
   * `local`: another node does; only this node's peers and their own lists are shown.
   */
  source: 'owner' | 'local';
  peers: { peer_id: string; x: number; y: number }[];
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

  snapshot(zone: string): ZoneMap {
    const owned = this.proximity.snapshot(zone);
    if (owned) {
      return capped({ zone, source: 'owner', peers: owned.peers, links: owned.links, truncated: false });
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
    return capped({ zone, source: 'local', peers, links, truncated: false });
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
