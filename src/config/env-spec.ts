/**
 * Every environment variable the coordinator reads, in one table. The table drives validation,
 * `.env.example` and the README's configuration table, so the three cannot drift apart.
 *
 * Canonical names are the seed integration guide's; `fallbacks` are the names the earlier Python
 * coordinator read, so an existing `.env` of either kind works unchanged.
 */
export type EnvKind = 'string' | 'int' | 'float' | 'bool' | 'list' | 'enum';

export interface EnvVarSpec {
  name: string;
  kind: EnvKind;
  group: string;
  description: string;
  default?: string;
  fallbacks?: string[];
  min?: number;
  max?: number;
  values?: readonly string[];
  secret?: boolean;
}

const service: EnvVarSpec[] = [
  { name: 'HOST', kind: 'string', group: 'service', default: '0.0.0.0', fallbacks: ['P2P_SERVICE_HOST'], description: 'Address the HTTP and WebSocket listener binds to.' },
  { name: 'PORT', kind: 'int', group: 'service', default: '8001', fallbacks: ['P2P_SERVICE_PORT'], min: 0, max: 65535, description: 'Port for REST, WebSocket, /metrics and the Swagger UI.' },
  { name: 'SERVICE_NAME', kind: 'string', group: 'service', default: 'p2p-coordinator', fallbacks: ['P2P_SERVICE_NAME'], description: 'Name reported by `GET /` and `/health`.' },
  { name: 'SERVICE_VERSION', kind: 'string', group: 'service', default: '1.0.0', fallbacks: ['P2P_SERVICE_VERSION'], description: 'Version reported by `GET /`, `/health` and OpenAPI.' },
  { name: 'ENVIRONMENT', kind: 'enum', group: 'service', default: 'development', fallbacks: ['P2P_SERVICE_ENV'], values: ['development', 'test', 'staging', 'production'], description: '`production` enables the secret checks at start-up.' },
  { name: 'DEBUG', kind: 'bool', group: 'service', default: 'false', description: 'Verbose logging of framework internals.' },
  { name: 'LOG_LEVEL', kind: 'enum', group: 'service', default: 'info', values: ['trace', 'debug', 'info', 'warn', 'warning', 'error', 'fatal', 'critical'], description: 'Minimum log level (case-insensitive).' },
  { name: 'LOG_FORMAT', kind: 'enum', group: 'service', default: 'text', values: ['json', 'text'], description: '`json` for one JSON object per line, `text` for readable lines.' },
  { name: 'NODE_ID', kind: 'string', group: 'service', description: 'Identity of this node in the cluster (default: host name + random suffix).' },
  { name: 'SHUTDOWN_TIMEOUT_SECONDS', kind: 'int', group: 'service', default: '10', min: 1, max: 600, description: 'On SIGTERM the node drains (readiness off, sockets closed with 1001, in-flight requests finished) and exits 0; past this it exits anyway with a warning.' },
];

const storage: EnvVarSpec[] = [
  { name: 'DATABASE_URL', kind: 'string', group: 'storage', secret: true, description: 'PostgreSQL URL (`postgresql://`, `postgres://` or `postgresql+asyncpg://`). Unset: embedded PostgreSQL (PGlite) under `EMBEDDED_DATA_DIR`, single node.' },
  { name: 'POSTGRES_HOST', kind: 'string', group: 'storage', description: 'Fallback used to build `DATABASE_URL` when it is unset.' },
  { name: 'POSTGRES_PORT', kind: 'int', group: 'storage', default: '5432', min: 1, max: 65535, description: 'Fallback (with `POSTGRES_HOST`).' },
  { name: 'POSTGRES_DB', kind: 'string', group: 'storage', default: 'p2p_coordinator', description: 'Fallback (with `POSTGRES_HOST`).' },
  { name: 'POSTGRES_USER', kind: 'string', group: 'storage', default: 'postgres', description: 'Fallback (with `POSTGRES_HOST`).' },
  { name: 'POSTGRES_PASSWORD', kind: 'string', group: 'storage', secret: true, description: 'Fallback (with `POSTGRES_HOST`).' },
  { name: 'DATABASE_POOL_SIZE', kind: 'int', group: 'storage', default: '10', min: 1, max: 500, description: 'PostgreSQL connections kept in the pool.' },
  { name: 'DATABASE_MAX_OVERFLOW', kind: 'int', group: 'storage', default: '5', min: 0, max: 500, description: 'Extra connections allowed above the pool size.' },
  { name: 'EMBEDDED_DATA_DIR', kind: 'string', group: 'storage', default: './data', description: 'Where the embedded database persists (`memory://` keeps it in memory).' },
  { name: 'REDIS_URL', kind: 'string', group: 'storage', secret: true, description: 'Redis (or DragonflyDB) URL for live state shared by several nodes. Unset: in-process state, single node.' },
  { name: 'REDIS_HOST', kind: 'string', group: 'storage', description: 'Fallback used to build `REDIS_URL` when it is unset.' },
  { name: 'REDIS_PORT', kind: 'int', group: 'storage', default: '6379', min: 1, max: 65535, description: 'Fallback (with `REDIS_HOST`).' },
  { name: 'REDIS_DB', kind: 'int', group: 'storage', default: '0', min: 0, max: 255, description: 'Fallback (with `REDIS_HOST`).' },
  { name: 'REDIS_PASSWORD', kind: 'string', group: 'storage', secret: true, description: 'Fallback (with `REDIS_HOST`).' },
  { name: 'REDIS_MAX_CONNECTIONS', kind: 'int', group: 'storage', default: '20', min: 1, max: 10000, description: 'Accepted for compatibility; a node uses two Redis connections (commands and subscriptions).' },
  { name: 'REDIS_KEY_PREFIX', kind: 'string', group: 'storage', default: 'p2pc:', description: 'Prefix of every Redis key and channel.' },
];

const security: EnvVarSpec[] = [
  { name: 'CORS_ORIGINS', kind: 'list', group: 'security', default: 'http://localhost:3000,http://localhost:8000,http://localhost:8001', description: 'Allowed browser origins, comma-separated (`*` for any).' },
  { name: 'JWT_VALIDATION_ENABLED', kind: 'bool', group: 'security', default: 'false', description: 'Require a Bearer token on client routes and the WebSocket.' },
  { name: 'JWT_SECRET_KEY', kind: 'string', group: 'security', secret: true, description: 'HMAC secret for tokens. Unset outside production: a random per-process secret (tokens do not survive a restart).' },
  { name: 'JWT_ALGORITHM', kind: 'enum', group: 'security', default: 'HS256', values: ['HS256', 'HS384', 'HS512'], description: 'JWT signing algorithm.' },
  { name: 'JWT_EXPIRATION_SECONDS', kind: 'int', group: 'security', default: '3600', min: 60, max: 2592000, description: 'Access-token lifetime.' },
  { name: 'API_KEY_VALIDATION_ENABLED', kind: 'bool', group: 'security', default: 'false', description: 'Require `COORDINATOR_API_KEY` on admin routes.' },
  { name: 'COORDINATOR_API_KEY', kind: 'string', group: 'security', secret: true, description: 'The admin API key.' },
  { name: 'API_KEY_HEADER', kind: 'string', group: 'security', default: 'X-API-Key', description: 'Header that carries the API key.' },
  { name: 'JWT_REFRESH_GRACE_SECONDS', kind: 'int', group: 'security', default: '3600', min: 0, max: 604800, description: 'How long after expiry an access token may still be exchanged at `/api/v1/auth/refresh` (the DLL refreshes with a just-expired token).' },
  { name: 'JWT_REFRESH_EXPIRATION_SECONDS', kind: 'int', group: 'security', default: '604800', min: 60, max: 7776000, description: 'Refresh-token lifetime.' },
  { name: 'TRUSTED_PROXIES', kind: 'list', group: 'security', default: '', description: 'Proxy addresses (IPs or CIDRs, comma-separated) whose `X-Forwarded-For` is believed; empty: the socket address is the client.' },
  { name: 'RATE_LIMIT_ENABLED', kind: 'bool', group: 'security', default: 'true', description: 'REST rate limits per client IP and per token subject.' },
  { name: 'RATE_LIMIT_WINDOW_SECONDS', kind: 'int', group: 'security', default: '60', min: 1, max: 3600, description: 'Length of one rate-limit window.' },
  { name: 'RATE_LIMIT_AUTH_PER_MINUTE', kind: 'int', group: 'security', default: '10', min: 1, max: 1000000, description: 'Token and refresh requests per client IP per window.' },
  { name: 'RATE_LIMIT_API_PER_MINUTE', kind: 'int', group: 'security', default: '600', min: 1, max: 10000000, description: 'Other API requests per client IP, and per token subject, per window.' },
];

const p2p: EnvVarSpec[] = [
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

const protocol: EnvVarSpec[] = [
  { name: 'FRAME_AUTH_REQUIRED', kind: 'bool', group: 'protocol', default: 'false', description: 'Refuse P2P2 frames without the HMAC trailer (key handed out as `frame_key` in the join reply).' },
  { name: 'PROXIMITY_TICK_MS', kind: 'int', group: 'protocol', default: '200', min: 20, max: 10000, description: 'How often proximity peer lists are recomputed and diffs pushed.' },
  { name: 'PROXIMITY_AREA_RANGE', kind: 'int', group: 'protocol', default: '14', min: 1, max: 1000, description: 'Half-side of the visibility square in tiles (rAthena AREA_SIZE).' },
  { name: 'PROXIMITY_MAX_PEERS', kind: 'int', group: 'protocol', default: '10', min: 1, max: 100, description: 'At most this many nearest peers per peer list.' },
  { name: 'RELAY_FRAMES_PER_SECOND', kind: 'int', group: 'protocol', default: '30', min: 1, max: 100000, description: 'Relay frames a peer may send per second (burst twice that).' },
  { name: 'RELAY_BYTES_PER_SECOND', kind: 'int', group: 'protocol', default: '51200', min: 1024, max: 104857600, description: 'Relay bytes a peer may send per second (the seed bandwidth limit, 50 KB/s; burst twice that).' },
  { name: 'MOVE_TOLERANCE', kind: 'float', group: 'protocol', default: '1.5', min: 1, max: 10, description: 'Multiplier on the distance a walk speed allows between two position updates.' },
  { name: 'MOVE_MIN_WALK_SPEED_MS', kind: 'int', group: 'protocol', default: '75', min: 1, max: 10000, description: 'Fastest credible walk speed (ms per cell); faster claims are clamped.' },
  { name: 'MOVE_MAX_JUMP_CELLS', kind: 'int', group: 'protocol', default: '30', min: 1, max: 65535, description: 'A move farther than this in one update is a teleport and is refused.' },
];

const integrations: EnvVarSpec[] = [
  { name: 'AI_SERVICE_ENABLED', kind: 'bool', group: 'integrations', default: 'false', description: 'Poll the AI service for NPCs of active zones.' },
  { name: 'AI_SERVICE_URL', kind: 'string', group: 'integrations', default: 'http://localhost:8000', description: 'Base URL of the AI service.' },
  { name: 'AI_SERVICE_TIMEOUT', kind: 'float', group: 'integrations', default: '30', min: 0.1, max: 600, description: 'Seconds before an AI service call is abandoned.' },
  { name: 'AI_SERVICE_API_KEY', kind: 'string', group: 'integrations', secret: true, description: 'Sent to the AI service as `X-API-Key` when set.' },
  { name: 'AI_NPC_POLL_SECONDS', kind: 'float', group: 'integrations', default: '5', min: 0.1, max: 3600, description: 'How often NPCs are fetched from the AI service for each zone with peers on this node and pushed to them as `npc_update`.' },
  { name: 'PROMETHEUS_ENABLED', kind: 'bool', group: 'integrations', default: 'true', description: 'Serve Prometheus metrics.' },
  { name: 'PROMETHEUS_PORT', kind: 'int', group: 'integrations', default: '9091', min: 0, max: 65535, description: 'Separate metrics listener when it differs from `PORT`.' },
  { name: 'METRICS_API_KEY', kind: 'string', group: 'integrations', secret: true, description: 'When set, `/metrics` (main port and `PROMETHEUS_PORT`) needs it as `Authorization: Bearer` or in the API key header; unset, `/metrics` is open.' },
];

const websocket: EnvVarSpec[] = [
  { name: 'WS_MAX_MESSAGE_BYTES', kind: 'int', group: 'websocket', default: '65536', min: 1024, max: 16777216, description: 'Largest WebSocket message accepted; bigger ones close the socket with 1009.' },
  { name: 'WS_IDENTIFY_GRACE_MS', kind: 'int', group: 'websocket', default: '8000', min: 100, max: 600000, description: 'A socket that has not sent `create_session`/`join` (or `?peer_id=`) by then is closed, so the DLL reconnects.' },
  { name: 'WS_PING_INTERVAL_MS', kind: 'int', group: 'websocket', default: '25000', min: 100, max: 600000, description: 'Protocol ping interval; a socket that misses two pings is dropped.' },
  { name: 'WS_MAX_BUFFERED_BYTES', kind: 'int', group: 'websocket', default: '1048576', min: 1024, max: 268435456, description: 'A peer whose unsent data exceeds this is disconnected (slow consumer).' },
  { name: 'WS_ABUSE_LIMIT', kind: 'int', group: 'websocket', default: '20', min: 1, max: 100000, description: 'More rejected messages or frames than this within `WS_ABUSE_WINDOW_MS` closes the socket with 1008.' },
  { name: 'WS_MAX_CONNECTIONS_PER_IP', kind: 'int', group: 'websocket', default: '50', min: 1, max: 1000000, description: 'Open WebSocket connections allowed per client IP on one node; more are refused with 1008.' },
  { name: 'WS_MESSAGES_PER_SECOND', kind: 'int', group: 'websocket', default: '50', min: 1, max: 1000000, description: 'Messages a connection may send per second (token bucket).' },
  { name: 'WS_MESSAGE_BURST', kind: 'int', group: 'websocket', default: '100', min: 1, max: 1000000, description: 'Burst size of the per-connection message bucket.' },
  { name: 'WS_BYTES_PER_SECOND', kind: 'int', group: 'websocket', default: '262144', min: 1024, max: 1073741824, description: 'Bytes a connection may send per second (token bucket).' },
  { name: 'WS_BYTES_BURST', kind: 'int', group: 'websocket', default: '1048576', min: 1024, max: 1073741824, description: 'Burst size of the per-connection byte bucket.' },
  { name: 'WS_ABUSE_WINDOW_MS', kind: 'int', group: 'websocket', default: '10000', min: 100, max: 3600000, description: 'Window for `WS_ABUSE_LIMIT`.' },
  { name: 'TLS_CERT_FILE', kind: 'string', group: 'websocket', description: 'PEM certificate (chain); with `TLS_KEY_FILE`, REST and WebSocket are also served over TLS 1.2/1.3 on `TLS_PORT`.' },
  { name: 'TLS_KEY_FILE', kind: 'string', group: 'websocket', secret: true, description: 'PEM private key for `TLS_CERT_FILE`.' },
  { name: 'TLS_PORT', kind: 'int', group: 'websocket', default: '8443', min: 0, max: 65535, description: 'TLS listener port (the DLL always speaks TLS 1.2 on its WebSocket).' },
];

export const ENV_SPEC: readonly EnvVarSpec[] = [...service, ...storage, ...security, ...p2p, ...websocket, ...protocol, ...integrations];
