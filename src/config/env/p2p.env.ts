import type { EnvVarSpec } from '../env-spec';

/** P2p variables (see env-spec.ts). */
export const P2P_ENV: EnvVarSpec[] = [
  { name: 'ENABLE_P2P', kind: 'bool', group: 'p2p', default: 'true', fallbacks: ['P2P_ENABLED'], description: 'Master switch: `false` refuses every session assignment.' },
  { name: 'P2P_ENABLED_ZONES', kind: 'list', group: 'p2p', default: 'prontera,geffen,payon', description: 'Zones created at start-up (P2P on) when missing.' },
  { name: 'P2P_FALLBACK_ENABLED', kind: 'bool', group: 'p2p', default: 'true', description: 'Default `fallback_enabled` of zones created at start-up.' },
  { name: 'P2P_MAX_PLAYERS_PER_HOST', kind: 'int', group: 'p2p', default: '50', min: 1, max: 10000, description: 'Default `max_players` of a registered host.' },
  { name: 'SESSION_TIMEOUT_MINUTES', kind: 'int', group: 'p2p', default: '30', min: 1, max: 10080, description: 'A session idle (no join, leave or activity) this long is failed by the clean-up job.' },
  { name: 'P2P_SESSION_TIMEOUT_SECONDS', kind: 'int', group: 'p2p', min: 60, max: 604800, description: 'Fallback for `SESSION_TIMEOUT_MINUTES` (rounded up to whole minutes).' },
  { name: 'HOST_HEARTBEAT_TIMEOUT_MINUTES', kind: 'int', group: 'p2p', default: '5', min: 1, max: 1440, description: 'A host with no heartbeat this long is marked offline.' },
  { name: 'MIN_CPU_CORES', kind: 'int', group: 'p2p', default: '4', min: 0, max: 1024, description: 'Host eligibility minimum.' },
  { name: 'MIN_CPU_FREQUENCY_MHZ', kind: 'int', group: 'p2p', default: '3000', min: 0, max: 100000, description: 'Host eligibility minimum.' },
  { name: 'MIN_MEMORY_MB', kind: 'int', group: 'p2p', default: '8192', min: 0, max: 16777216, description: 'Host eligibility minimum.' },
  { name: 'MIN_NETWORK_SPEED_MBPS', kind: 'int', group: 'p2p', default: '100', min: 0, max: 1000000, description: 'Host eligibility minimum.' },
  { name: 'MAX_LATENCY_MS', kind: 'int', group: 'p2p', default: '100', min: 1, max: 100000, description: 'Hosts reporting more latency are not selected.' },
  { name: 'STUN_SERVERS', kind: 'list', group: 'p2p', default: 'stun:stun.l.google.com:19302,stun:stun1.l.google.com:19302', fallbacks: ['STUN_SERVER'], description: 'STUN URLs handed to clients.' },
  { name: 'TURN_SERVERS', kind: 'list', group: 'p2p', default: '', fallbacks: ['TURN_SERVER'], description: 'TURN URLs handed to clients.' },
  { name: 'TURN_SECRET', kind: 'string', group: 'p2p', secret: true, description: 'Shared secret of a coturn `use-auth-secret` server; with it, clients get ephemeral TURN credentials.' },
  { name: 'TURN_CREDENTIAL_TTL_SECONDS', kind: 'int', group: 'p2p', default: '14400', min: 60, max: 604800, description: 'Lifetime of minted TURN credentials.' },
  { name: 'TURN_USERNAME', kind: 'string', group: 'p2p', description: 'Static TURN user (used only without `TURN_SECRET`).' },
  { name: 'TURN_PASSWORD', kind: 'string', group: 'p2p', secret: true, description: 'Static TURN password (used only without `TURN_SECRET`).' },
];
