let counter = 0;
const next = (): number => ++counter;

/** A host registration body that meets every default minimum. */
export function makeHostBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const n = next();
  return {
    host_id: `host-${n}`,
    player_id: `player-${n}`,
    player_name: `Player${n}`,
    ip_address: '192.0.2.10',
    port: 7000 + (n % 1000),
    cpu_cores: 8,
    cpu_frequency_mhz: 3600,
    memory_mb: 16384,
    network_speed_mbps: 1000,
    ...overrides,
  };
}

/** A zone creation body with P2P on. */
export function makeZoneBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const n = next();
  return {
    zone_id: `zone_${n}`,
    zone_name: `zone_${n}`,
    zone_display_name: `Zone ${n}`,
    map_name: `map_${n}`,
    max_players: 100,
    ...overrides,
  };
}
