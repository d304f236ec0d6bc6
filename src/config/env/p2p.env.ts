import { envVar } from '../env-var';

/** P2p variables (see env-spec.ts). */
export const P2P_ENV = {
  ENABLE_P2P: envVar.bool({
    default: true,
    fallbacks: ['P2P_ENABLED'],
    description: 'Master switch: `false` refuses every session assignment.',
  }),
  P2P_ENABLED_ZONES: envVar.list({
    default: ['prontera', 'geffen', 'payon'],
    description: 'Zones created at start-up (P2P on) when missing.',
  }),
  P2P_FALLBACK_ENABLED: envVar.bool({
    default: true,
    description: 'Default `fallback_enabled` of zones created at start-up.',
  }),
  P2P_MAX_PLAYERS_PER_HOST: envVar.int({
    default: 50,
    min: 1,
    max: 10000,
    description: 'Default `max_players` of a registered host.',
  }),
  SESSION_TIMEOUT_MINUTES: envVar.int({
    default: 30,
    min: 1,
    max: 10080,
    description: 'A session idle (no join, leave or activity) this long is failed by the clean-up job.',
  }),
  P2P_SESSION_TIMEOUT_SECONDS: envVar.int({
    default: undefined,
    min: 60,
    max: 604800,
    description: 'Fallback for `SESSION_TIMEOUT_MINUTES` (rounded up to whole minutes).',
  }),
  HOST_HEARTBEAT_TIMEOUT_MINUTES: envVar.int({
    default: 5,
    min: 1,
    max: 1440,
    description: 'A host with no heartbeat this long is marked offline.',
  }),
  HOST_SELECTION_TIMEOUT_SECONDS: envVar.int({
    default: 90,
    min: 10,
    max: 86400,
    description:
      'Automatic placement chooses a host only after its first heartbeat since it registered, and stops choosing it once its last heartbeat is older than this (long before `HOST_HEARTBEAT_TIMEOUT_MINUTES` marks it offline).',
  }),
  ADHOC_SESSIONS_ENABLED: envVar.bool({
    default: undefined,
    description:
      "A WebSocket `join` of an unknown session id opens an ad-hoc session of that id (host-less, in the peer's zone or the first of `P2P_ENABLED_ZONES`), as the earlier coordinator took any id. Unset: on when `JWT_VALIDATION_ENABLED` is false, off when it is true.",
  }),
  ADHOC_SESSIONS_MAX: envVar.int({
    default: 1000,
    min: 1,
    max: 1000000,
    description: 'Open ad-hoc sessions allowed at once, over the whole cluster.',
  }),
  ADHOC_SESSIONS_PER_PEER: envVar.int({
    default: 3,
    min: 1,
    max: 1000,
    description: 'Open ad-hoc sessions one peer may have opened at once; an empty one is ended by the next clean-up.',
  }),
  MIN_CPU_CORES: envVar.int({ default: 4, min: 0, max: 1024, description: 'Host eligibility minimum.' }),
  MIN_CPU_FREQUENCY_MHZ: envVar.int({ default: 3000, min: 0, max: 100000, description: 'Host eligibility minimum.' }),
  MIN_MEMORY_MB: envVar.int({ default: 8192, min: 0, max: 16777216, description: 'Host eligibility minimum.' }),
  MIN_NETWORK_SPEED_MBPS: envVar.int({ default: 100, min: 0, max: 1000000, description: 'Host eligibility minimum.' }),
  MAX_LATENCY_MS: envVar.int({
    default: 100,
    min: 1,
    max: 100000,
    description: 'Hosts reporting more latency are not selected.',
  }),
  STUN_SERVERS: envVar.list({
    default: ['stun:stun.l.google.com:19302', 'stun:stun1.l.google.com:19302'],
    fallbacks: ['STUN_SERVER'],
    description: 'STUN URLs handed to clients.',
  }),
  TURN_SERVERS: envVar.list({ default: [], fallbacks: ['TURN_SERVER'], description: 'TURN URLs handed to clients.' }),
  TURN_SECRET: envVar.string({
    default: undefined,
    secret: true,
    description: 'Shared secret of a coturn `use-auth-secret` server; with it, clients get ephemeral TURN credentials.',
  }),
  TURN_CREDENTIAL_TTL_SECONDS: envVar.int({
    default: 14400,
    min: 60,
    max: 604800,
    description: 'Lifetime of minted TURN credentials.',
  }),
  TURN_USERNAME: envVar.string({
    default: undefined,
    description: 'Static TURN user (used only without `TURN_SECRET`).',
  }),
  TURN_PASSWORD: envVar.string({
    default: undefined,
    secret: true,
    description: 'Static TURN password (used only without `TURN_SECRET`).',
  }),
};
