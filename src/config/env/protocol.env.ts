import { envVar } from '../env-var';

/** Protocol variables (see env-spec.ts). */
export const PROTOCOL_ENV = {
  FRAME_AUTH_REQUIRED: envVar.bool({
    default: false,
    description: 'Refuse P2P2 frames without the HMAC trailer (key handed out as `frame_key` in the join reply).',
  }),
  PROXIMITY_TICK_MS: envVar.int({
    default: 200,
    min: 20,
    max: 10000,
    description: 'How often proximity peer lists are recomputed and diffs pushed.',
  }),
  PROXIMITY_AREA_RANGE: envVar.int({
    default: 14,
    min: 1,
    max: 1000,
    description: 'Half-side of the visibility square in tiles (rAthena AREA_SIZE).',
  }),
  PROXIMITY_MAX_PEERS: envVar.int({
    default: 10,
    min: 1,
    max: 100,
    description: 'At most this many nearest peers per peer list.',
  }),
  RELAY_FRAMES_PER_SECOND: envVar.int({
    default: 30,
    min: 1,
    max: 100000,
    description: 'Relay frames a peer may send per second (burst twice that).',
  }),
  RELAY_BYTES_PER_SECOND: envVar.int({
    default: 51200,
    min: 1024,
    max: 104857600,
    description: 'Relay bytes a peer may send per second (the seed bandwidth limit, 50 KB/s; burst twice that).',
  }),
  MOVE_TOLERANCE: envVar.float({
    default: 1.25,
    min: 1,
    max: 10,
    description:
      'Multiplier on the walking the game allows (one cell per MOVE_MIN_WALK_SPEED_MS over a window of server time), absorbing jitter.',
  }),
  MOVE_MIN_WALK_SPEED_MS: envVar.int({
    default: 20,
    min: 1,
    max: 1000,
    description:
      "Fastest walk the game allows (ms per cell; rAthena's MIN_WALK_SPEED is 20). Walking faster than this over the window is refused (`too_fast`).",
  }),
  MOVEMENT_POLICY: envVar.oneOf(['refuse', 'kick'], {
    default: 'refuse',
    description:
      '`refuse`: an impossible position is refused and not applied, and movement never disconnects anyone. `kick`: also close (1008) a peer whose suspicion score reaches MOVEMENT_SUSPICION_LIMIT.',
  }),
  MOVEMENT_SUSPICION_LIMIT: envVar.int({
    default: 100,
    min: 1,
    max: 1000000,
    description:
      'Suspicion score at which a peer is reported as suspicious (log, metric) and, with MOVEMENT_POLICY=kick, disconnected.',
  }),
  MAP_CACHE_FILE: envVar.string({
    default: undefined,
    description:
      "rAthena's map cache (`db/map_cache.dat`). When set, zones must name a map in it, positions off the map or on walls are refused, and `GET /api/v1/zones/{zone_id}/map` serves the walkable cells.",
  }),
};
