/** A row of `zones` as repositories return it. */
export type ZoneStatus = 'enabled' | 'disabled' | 'maintenance';
export const ZONE_STATUSES: readonly ZoneStatus[] = ['enabled', 'disabled', 'maintenance'];

export interface ZoneRecord {
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
  min_host_quality_score: number;
  min_bandwidth_mbps: number;
  max_latency_ms: number;
  status: ZoneStatus;
  total_sessions: number;
  active_sessions: number;
  total_players_served: number;
  description: string | null;
  created_at: Date;
  updated_at: Date;
}
