import { SessionResponseDto } from './dto/session-response.dto';
import { SessionStatus } from './session-state';

/** A session row joined with its host's and zone's string ids and its members, as the repository reads it. */
export interface SessionView {
  id: number;
  session_id: string;
  host_id: string | null;
  zone_id: string;
  players: string[] | null;
  current_players: number;
  max_players: number;
  status: SessionStatus;
  average_latency_ms: number;
  average_packet_loss_percent: number;
  bandwidth_usage_mbps: number;
  started_at: Date | string | null;
  ended_at: Date | string | null;
  created_at: Date | string;
  updated_at: Date | string;
  last_activity_at: Date | string;
  end_reason: string | null;
}

/** Drivers return timestamptz as Date (pg) or string; the API always answers ISO-8601 UTC. */
export function toIso(value: Date | string | null): string | null {
  if (value === null) {
    return null;
  }
  return (value instanceof Date ? value : new Date(value)).toISOString();
}

export function toSessionResponse(view: SessionView): SessionResponseDto {
  return {
    id: Number(view.id),
    session_id: view.session_id,
    host_id: view.host_id,
    zone_id: view.zone_id,
    connected_players: view.players ?? [],
    current_players: Number(view.current_players),
    max_players: Number(view.max_players),
    status: view.status,
    average_latency_ms: Number(view.average_latency_ms),
    average_packet_loss_percent: Number(view.average_packet_loss_percent),
    bandwidth_usage_mbps: Number(view.bandwidth_usage_mbps),
    started_at: toIso(view.started_at),
    ended_at: toIso(view.ended_at),
    created_at: toIso(view.created_at),
    updated_at: toIso(view.updated_at),
    last_activity_at: toIso(view.last_activity_at),
    end_reason: view.end_reason,
  };
}
