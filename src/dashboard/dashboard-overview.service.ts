import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { ListHostsQueryDto } from '../hosts/dto/list-hosts-query.dto';
import { HostsService } from '../hosts/hosts.service';
import { SessionResponseDto } from '../sessions/dto/session-response.dto';
import { SessionsService } from '../sessions/sessions.service';
import { ConnectionRegistry } from '../signaling/connection-registry';
import { ProximityService } from '../signaling/proximity.service';
import { ListZonesQueryDto } from '../zones/dto/list-zones-query.dto';
import { ZonesService } from '../zones/zones.service';

/** The page shows this many hosts and sessions; the counts cover all of them. */
const HOSTS_SHOWN = 50;
const SESSIONS_SHOWN = 10;

export interface DashboardOverview {
  node_id: string;
  generated_at: string;
  zones: {
    zone_id: string;
    name: string;
    status: string;
    p2p_enabled: boolean;
    max_players: number;
    /** Players in the zone's open (pending or active) sessions, cluster-wide, from PostgreSQL. */
    players: number;
    /** Peers of the zone connected to this node. */
    connected_here: number;
    open_sessions: number;
    /** Whether this node computes the zone's proximity (its map then shows the whole zone). */
    proximity_here: boolean;
  }[];
  hosts: {
    total: number;
    online: number;
    shown: {
      host_id: string;
      status: string;
      quality_score: number;
      eligible: boolean;
      current_players: number;
      max_players: number;
      last_heartbeat: string | null;
    }[];
  };
  sessions: {
    open: number;
    active: number;
    players: number;
    hostless: number;
    recent: {
      session_id: string;
      zone_id: string;
      host_id: string | null;
      status: string;
      current_players: number;
      max_players: number;
      last_activity_at: string | null;
    }[];
  };
}

/** Zones, hosts and sessions in one answer, from the modules' exported services. */
@Injectable()
export class DashboardOverviewService {
  constructor(
    private readonly config: AppConfig,
    private readonly zones: ZonesService,
    private readonly hosts: HostsService,
    private readonly sessions: SessionsService,
    private readonly registry: ConnectionRegistry,
    private readonly proximity: ProximityService,
  ) {}

  async overview(): Promise<DashboardOverview> {
    const hostQuery = Object.assign(new ListHostsQueryDto(), { limit: 1000, offset: 0 });
    const [zones, hosts, open] = await Promise.all([
      this.zones.list(new ListZonesQueryDto()),
      this.hosts.list(hostQuery),
      this.sessions.listOpen(),
    ]);
    const sessionsByZone = groupByZone(open);
    const connected = this.connectedPerZone();
    const owned = new Set(this.proximity.ownedZones());
    return {
      node_id: this.config.service.nodeId,
      generated_at: new Date().toISOString(),
      zones: zones.map((zone) => ({
        zone_id: zone.zone_id,
        name: zone.zone_display_name || zone.zone_name,
        status: zone.status,
        p2p_enabled: zone.p2p_enabled,
        max_players: zone.max_players,
        players: sumPlayers(sessionsByZone.get(zone.zone_id) ?? []),
        connected_here: connected.get(zone.zone_id) ?? 0,
        open_sessions: sessionsByZone.get(zone.zone_id)?.length ?? 0,
        proximity_here: owned.has(zone.zone_id),
      })),
      hosts: {
        total: hosts.length,
        online: hosts.filter((host) => host.status === 'online').length,
        shown: [...hosts]
          .sort((a, b) => b.quality_score - a.quality_score)
          .slice(0, HOSTS_SHOWN)
          .map(({ host_id, status, quality_score, eligible, current_players, max_players, last_heartbeat }) => ({
            host_id,
            status,
            quality_score,
            eligible,
            current_players,
            max_players,
            last_heartbeat,
          })),
      },
      sessions: {
        open: open.length,
        active: open.filter((session) => session.status === 'active').length,
        players: sumPlayers(open),
        hostless: open.filter((session) => session.host_id === null).length,
        // Already ordered by last activity, most recent first.
        recent: open
          .slice(0, SESSIONS_SHOWN)
          .map(({ session_id, zone_id, host_id, status, current_players, max_players, last_activity_at }) => ({
            session_id,
            zone_id,
            host_id,
            status,
            current_players,
            max_players,
            last_activity_at,
          })),
      },
    };
  }

  private connectedPerZone(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const connection of this.registry.all()) {
      if (connection.peerId && connection.zoneId) {
        counts.set(connection.zoneId, (counts.get(connection.zoneId) ?? 0) + 1);
      }
    }
    return counts;
  }
}

function groupByZone(sessions: SessionResponseDto[]): Map<string, SessionResponseDto[]> {
  const byZone = new Map<string, SessionResponseDto[]>();
  for (const session of sessions) {
    const list = byZone.get(session.zone_id) ?? [];
    list.push(session);
    byZone.set(session.zone_id, list);
  }
  return byZone;
}

function sumPlayers(sessions: SessionResponseDto[]): number {
  return sessions.reduce((sum, session) => sum + session.current_players, 0);
}
