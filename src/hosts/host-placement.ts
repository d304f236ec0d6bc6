import type { ZoneRecord } from '../zones/zone.record';
import type { HostRecord } from './host.record';

export interface HostMinimums {
  cpuCores: number;
  cpuFrequencyMhz: number;
  memoryMb: number;
  networkSpeedMbps: number;
}

export type HostHardware = Pick<HostRecord, 'cpu_cores' | 'cpu_frequency_mhz' | 'memory_mb' | 'network_speed_mbps'>;

/** A host below any configured minimum may register (so operators can see it) but is never selected. */
export function isEligible(hardware: HostHardware, minimums: HostMinimums): boolean {
  return (
    hardware.cpu_cores >= minimums.cpuCores &&
    hardware.cpu_frequency_mhz >= minimums.cpuFrequencyMhz &&
    hardware.memory_mb >= minimums.memoryMb &&
    hardware.network_speed_mbps >= minimums.networkSpeedMbps
  );
}

export type ZoneRequirements = Pick<ZoneRecord, 'min_host_quality_score' | 'min_bandwidth_mbps' | 'max_latency_ms'>;

/**
 * Everything a host must meet to be offered, beyond "online, eligible, not full". The SQL filter and
 * `checkPlacement`/`checkSelection` all read this one object so the list and the per-host verdicts
 * cannot disagree.
 */
export interface AvailabilityCriteria {
  minQualityScore: number;
  minBandwidthMbps: number;
  maxLatencyMs: number;
  heartbeatTimeoutMinutes: number;
  /** Automatic placement: the last heartbeat must be at most this old (see checkSelection). */
  selectionTimeoutSeconds: number;
}

export interface SelectionLimits {
  maxLatencyMs: number;
  heartbeatTimeoutMinutes: number;
  selectionTimeoutSeconds: number;
}

export function availabilityCriteria(
  limits: SelectionLimits,
  zone?: ZoneRequirements,
  minQualityScore?: number,
): AvailabilityCriteria {
  return {
    minQualityScore: Math.max(minQualityScore ?? 0, zone?.min_host_quality_score ?? 0),
    minBandwidthMbps: zone?.min_bandwidth_mbps ?? 0,
    // The global latency cap applies with or without a zone; a zone can only tighten it.
    maxLatencyMs: Math.min(limits.maxLatencyMs, zone?.max_latency_ms ?? limits.maxLatencyMs),
    heartbeatTimeoutMinutes: limits.heartbeatTimeoutMinutes,
    selectionTimeoutSeconds: limits.selectionTimeoutSeconds,
  };
}

export type PlacementVerdict = 'ok' | 'offline' | 'not_eligible' | 'full' | 'below_zone_requirements';

export type PlacementHost = Pick<
  HostRecord,
  | 'status'
  | 'last_heartbeat'
  | 'eligible'
  | 'current_players'
  | 'max_players'
  | 'current_zones'
  | 'max_zones'
  | 'quality_score'
  | 'network_speed_mbps'
  | 'latency_ms'
>;

export type SelectionHost = PlacementHost & Pick<HostRecord, 'registered_at'>;

/**
 * What automatic placement (a peer placed in a zone, the available list) adds to `checkPlacement`:
 * - `awaiting_heartbeat`: registered but no heartbeat since. Registering proves nothing about the
 *   next minutes, and a host that never reports would otherwise be handed players until the sweeper
 *   marks it offline (HOST_HEARTBEAT_TIMEOUT_MINUTES);
 * - `heartbeat_late`: its last heartbeat is older than HOST_SELECTION_TIMEOUT_SECONDS; it keeps
 *   the sessions it has and is chosen again at its next heartbeat.
 * A session created on a named host (`POST /sessions`) needs only `checkPlacement`: the host or
 * operator asking for it is the sign of life, as with the earlier coordinator.
 */
export type SelectionVerdict = PlacementVerdict | 'awaiting_heartbeat' | 'heartbeat_late';

export function checkSelection(host: SelectionHost, criteria: AvailabilityCriteria, now: Date): SelectionVerdict {
  const placement = checkPlacement(host, criteria, now);
  if (placement !== 'ok') {
    return placement;
  }
  if (host.last_heartbeat === null || host.last_heartbeat.getTime() <= host.registered_at.getTime()) {
    return 'awaiting_heartbeat';
  }
  if (now.getTime() - host.last_heartbeat.getTime() > criteria.selectionTimeoutSeconds * 1000) {
    return 'heartbeat_late';
  }
  return 'ok';
}

export function isHeartbeatFresh(lastHeartbeat: Date | null, timeoutMinutes: number, now: Date): boolean {
  return lastHeartbeat !== null && now.getTime() - lastHeartbeat.getTime() <= timeoutMinutes * 60_000;
}

/**
 * Why a host can or cannot take a session. A stale heartbeat counts as offline even before the
 * sweeper has flipped the status, so a silent host is never picked in the gap between sweeps.
 */
export function checkPlacement(host: PlacementHost, criteria: AvailabilityCriteria, now: Date): PlacementVerdict {
  if (host.status !== 'online' || !isHeartbeatFresh(host.last_heartbeat, criteria.heartbeatTimeoutMinutes, now)) {
    return 'offline';
  }
  if (!host.eligible) {
    return 'not_eligible';
  }
  if (host.current_players >= host.max_players || host.current_zones >= host.max_zones) {
    return 'full';
  }
  if (
    host.quality_score < criteria.minQualityScore ||
    host.network_speed_mbps < criteria.minBandwidthMbps ||
    host.latency_ms > criteria.maxLatencyMs
  ) {
    return 'below_zone_requirements';
  }
  return 'ok';
}
