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
 * `checkPlacement` both read this one object so the list and the per-host verdict cannot disagree.
 */
export interface AvailabilityCriteria {
  minQualityScore: number;
  minBandwidthMbps: number;
  maxLatencyMs: number;
  heartbeatTimeoutMinutes: number;
}

export interface SelectionLimits {
  maxLatencyMs: number;
  heartbeatTimeoutMinutes: number;
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
