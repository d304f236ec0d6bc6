import type { FieldError } from '../common/errors/app-error';

/** Every writable zone column except zone_id. */
export interface ZoneSettings {
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
  description: string | null;
}

export type ZoneSettingsInput = Pick<ZoneSettings, 'zone_name' | 'zone_display_name' | 'map_name'> & {
  [K in Exclude<keyof ZoneSettings, 'zone_name' | 'zone_display_name' | 'map_name'>]?: ZoneSettings[K] | null;
};

/** The API defaults. The quality minimum is on the same 0–100 scale as host scores. */
export const ZONE_DEFAULTS = {
  max_players: 100,
  recommended_players: 50,
  p2p_enabled: true,
  p2p_priority: 1,
  fallback_enabled: true,
  min_host_quality_score: 50,
  min_bandwidth_mbps: 100,
  max_latency_ms: 100,
} as const;

/**
 * Omitted (or null) fields take their defaults, as a full create/overwrite does. An omitted
 * recommended_players never exceeds max_players, so `{max_players: 30}` alone stays valid.
 */
export function resolveZoneSettings(input: ZoneSettingsInput): ZoneSettings {
  const maxPlayers = input.max_players ?? ZONE_DEFAULTS.max_players;
  return {
    zone_name: input.zone_name,
    zone_display_name: input.zone_display_name,
    map_name: input.map_name,
    max_players: maxPlayers,
    recommended_players: input.recommended_players ?? Math.min(ZONE_DEFAULTS.recommended_players, maxPlayers),
    p2p_enabled: input.p2p_enabled ?? ZONE_DEFAULTS.p2p_enabled,
    p2p_priority: input.p2p_priority ?? ZONE_DEFAULTS.p2p_priority,
    fallback_enabled: input.fallback_enabled ?? ZONE_DEFAULTS.fallback_enabled,
    min_host_quality_score: input.min_host_quality_score ?? ZONE_DEFAULTS.min_host_quality_score,
    min_bandwidth_mbps: input.min_bandwidth_mbps ?? ZONE_DEFAULTS.min_bandwidth_mbps,
    max_latency_ms: input.max_latency_ms ?? ZONE_DEFAULTS.max_latency_ms,
    description: input.description ?? null,
  };
}

export function playerCountProblem(
  zone: Pick<ZoneSettings, 'max_players' | 'recommended_players'>,
): FieldError | undefined {
  if (zone.recommended_players > zone.max_players) {
    return {
      field: 'recommended_players',
      message: `recommended_players (${zone.recommended_players}) must not be greater than max_players (${zone.max_players})`,
    };
  }
  return undefined;
}

/** A zone created from P2P_ENABLED_ZONES: named after its id, P2P on, everything else default. */
export function seededZoneSettings(zoneId: string, fallbackEnabled: boolean): ZoneSettings {
  return resolveZoneSettings({
    zone_name: zoneId,
    zone_display_name: zoneId.charAt(0).toUpperCase() + zoneId.slice(1),
    map_name: zoneId,
    p2p_enabled: true,
    fallback_enabled: fallbackEnabled,
  });
}

const TRUE_WORDS = new Set(['true', '1', 'yes', 'on']);
const FALSE_WORDS = new Set(['false', '0', 'no', 'off']);

/** Query-string booleans as the earlier coordinator took them; anything else is returned unchanged. */
export function parseBooleanFlag(value: unknown): unknown {
  if (typeof value !== 'string') {
    return value;
  }
  const word = value.trim().toLowerCase();
  if (TRUE_WORDS.has(word)) {
    return true;
  }
  return FALSE_WORDS.has(word) ? false : value;
}
