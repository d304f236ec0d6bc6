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
    default: 1.5,
    min: 1,
    max: 10,
    description: 'Multiplier on the distance a walk speed allows between two position updates.',
  }),
  MOVE_MIN_WALK_SPEED_MS: envVar.int({
    default: 75,
    min: 1,
    max: 10000,
    description: 'Fastest credible walk speed (ms per cell); faster claims are clamped.',
  }),
  MOVE_MAX_JUMP_CELLS: envVar.int({
    default: 30,
    min: 1,
    max: 65535,
    description: 'A move farther than this in one update is a teleport and is refused.',
  }),
};
