/** A row of `hosts` as repositories return it (numbers as numbers, timestamps as Date). */
export type HostStatus = 'online' | 'offline' | 'busy' | 'maintenance';
export const HOST_STATUSES: readonly HostStatus[] = ['online', 'offline', 'busy', 'maintenance'];

export interface IceServer {
  urls: string | string[];
  username?: string;
  credential?: string;
}

export interface HostRecord {
  id: number;
  host_id: string;
  player_id: string;
  player_name: string;
  ip_address: string;
  port: number;
  public_ip: string | null;
  cpu_cores: number;
  cpu_frequency_mhz: number;
  memory_mb: number;
  network_speed_mbps: number;
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
  ice_servers: IceServer[] | null;
  created_at: Date;
  updated_at: Date;
  last_heartbeat: Date | null;
  /** When the host last registered: automatic placement waits for a heartbeat after it. */
  registered_at: Date;
}
