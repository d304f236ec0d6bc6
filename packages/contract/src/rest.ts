import type { HostIceServer, IceServer } from './ice';

/**
 * Wire types of the coordinator's REST API, snake_case as sent (docs/api.md): the JSON, so timestamps
 * are ISO-8601 strings. The server's response DTOs implement these types, so a field that drifts on
 * either side fails to compile.
 */
export interface TokenResponse {
  /** The access token (the DLL's field). */
  token: string;
  /** The same access token (the integration guide's field). */
  access_token: string;
  refresh_token: string;
  token_type: 'Bearer';
  expires_in: number;
}

export interface IceServersResponse {
  ice_servers: IceServer[];
  ttl: number | null;
}

export interface HostRegistration {
  host_id: string;
  player_id: string;
  player_name: string;
  ip_address: string;
  port: number;
  public_ip?: string | null;
  cpu_cores: number;
  cpu_frequency_mhz: number;
  memory_mb: number;
  network_speed_mbps: number;
  max_players?: number | null;
  max_zones?: number | null;
  ice_servers?: HostIceServer[] | null;
}

export interface HostHeartbeat {
  latency_ms: number;
  packet_loss_percent: number;
  bandwidth_usage_mbps: number;
  current_players: number;
  current_zones: number;
}

export type HostStatus = 'online' | 'offline' | 'busy' | 'maintenance';

export interface Host extends Required<
  Omit<HostRegistration, 'public_ip' | 'max_players' | 'max_zones' | 'ice_servers'>
> {
  id: number;
  public_ip: string | null;
  latency_ms: number;
  packet_loss_percent: number;
  bandwidth_usage_mbps: number;
  status: HostStatus;
  max_players: number;
  current_players: number;
  max_zones: number;
  current_zones: number;
  quality_score: number;
  eligible: boolean;
  ice_servers: HostIceServer[] | null;
  last_heartbeat: string | null;
  created_at: string;
  updated_at: string;
}

export type ZoneStatus = 'enabled' | 'disabled' | 'maintenance';

export interface Zone {
  id: number;
  zone_id: string;
  zone_name: string;
  zone_display_name: string;
  map_name: string;
  max_players: number;
  recommended_players: number;
  p2p_enabled: boolean;
  p2p_priority: number;
  fallback_enabled: boolean;
  /** 0-100, the host quality scale. */
  min_host_quality_score: number;
  min_bandwidth_mbps: number;
  max_latency_ms: number;
  status: ZoneStatus;
  total_sessions: number;
  active_sessions: number;
  total_players_served: number;
  description: string | null;
  created_at: string;
  updated_at: string;
}

/** `paused` is in the schema, though nothing pauses a session yet. */
export type SessionStatus = 'pending' | 'active' | 'paused' | 'ended' | 'failed';

export interface Session {
  id: number;
  session_id: string;
  host_id: string | null;
  zone_id: string;
  connected_players: string[];
  current_players: number;
  max_players: number;
  status: SessionStatus;
  average_latency_ms: number;
  average_packet_loss_percent: number;
  bandwidth_usage_mbps: number;
  started_at: string | null;
  ended_at: string | null;
  created_at: string | null;
  updated_at: string | null;
  last_activity_at: string | null;
  end_reason: string | null;
}

export interface SessionAction {
  message: string;
  session: Session;
}

export interface CreateSessionBody {
  host_id: string;
  zone_id: string;
  player_ids?: string[];
  max_players?: number;
}

/** The coordinator's error body: a stable `code` and a message. */
export interface ApiErrorBody {
  code: string;
  message: string;
  status_code: number;
  correlation_id?: string;
}

/**
 * `GET /api/v1/zones/{zone_id}/map`: the zone's map from rAthena's map cache. `walkable` is base64
 * of a bitmap: cell (x, y) is bit i = x + y·width, at byte i >> 3, bit i & 7 (least significant
 * first); 1 = walkable.
 */
export interface ZoneMap {
  zone_id: string;
  map_name: string;
  width: number;
  height: number;
  walkable_cells: number;
  encoding: 'bitmap-lsb0-base64';
  walkable: string;
}
