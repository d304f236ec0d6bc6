import type { AppConfig, LogLevel } from './app-config';
import type { ValidatedEnv } from './env-parse';
import type { ParsedEnv } from './env-spec';
import { identityConfig } from './identity-config';
import { trustedProxyProblems } from './trusted-proxies';
import { webhookConfig } from './webhook-config';

/** The loopback connection limit in development: the simulator's 5000 players and room to spare. */
const DEV_LOOPBACK_CONNECTIONS = 6000;

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type ConfigShape = Mutable<
  Pick<
    AppConfig,
    | 'service'
    | 'db'
    | 'redis'
    | 'auth'
    | 'identity'
    | 'p2p'
    | 'ws'
    | 'protocol'
    | 'movement'
    | 'ai'
    | 'metrics'
    | 'webhooks'
  >
>;

interface BuildHelpers {
  defaultNodeId: string;
  randomSecret: () => string;
}

const PLACEHOLDERS = [
  'change_this',
  'change-me',
  'changeme',
  'your-secret',
  'your-coordinator',
  'your-api-key',
  'secret',
];

/** LOG_LEVEL also accepts the Python logging names `warning` and `critical`. */
function logLevel(level: ParsedEnv['LOG_LEVEL']): LogLevel {
  if (level === 'warning') {
    return 'warn';
  }
  if (level === 'critical') {
    return 'fatal';
  }
  return level;
}

/** Accepts plain URLs and the seed guide's SQLAlchemy form (`postgresql+asyncpg://`). */
export function normaliseDatabaseUrl(url: string): string {
  return url.replace(/^postgres(ql)?\+[a-z0-9]+:\/\//i, 'postgresql://');
}

function databaseUrl(env: ParsedEnv, problems: string[]): string | undefined {
  const explicit = env.DATABASE_URL;
  if (explicit) {
    const url = normaliseDatabaseUrl(explicit);
    if (!/^postgres(ql)?:\/\/.+/i.test(url)) {
      problems.push('DATABASE_URL must be a postgresql:// URL');
    }
    return url;
  }
  const host = env.POSTGRES_HOST;
  if (!host) {
    return undefined;
  }
  const user = encodeURIComponent(env.POSTGRES_USER);
  const password = env.POSTGRES_PASSWORD ? `:${encodeURIComponent(env.POSTGRES_PASSWORD)}` : '';
  return `postgresql://${user}${password}@${host}:${env.POSTGRES_PORT}/${env.POSTGRES_DB}`;
}

function redisUrl(env: ParsedEnv, problems: string[]): string | undefined {
  const explicit = env.REDIS_URL;
  if (explicit) {
    if (!/^rediss?:\/\/.+/i.test(explicit)) {
      problems.push('REDIS_URL must be a redis:// or rediss:// URL');
    }
    return explicit;
  }
  const host = env.REDIS_HOST;
  if (!host) {
    return undefined;
  }
  const password = env.REDIS_PASSWORD ? `:${encodeURIComponent(env.REDIS_PASSWORD)}@` : '';
  return `redis://${password}${host}:${env.REDIS_PORT}/${env.REDIS_DB}`;
}

/** A `host:port` seed of REDIS_CLUSTER_NODES (an IPv6 host in brackets: `[::1]:7001`). */
const CLUSTER_SEED = /^(?:\[([0-9a-f:.]+)\]|([a-z0-9.-]+)):(\d{1,5})$/i;

/**
 * REDIS_CLUSTER_NODES as seeds; every entry must be `host:port`. Refused together with REDIS_URL:
 * which of the two the operator meant cannot be guessed. The REDIS_HOST fallbacks only build a
 * REDIS_URL that is not set, so the cluster wins over them.
 */
export function redisClusterNodes(
  env: Pick<ParsedEnv, 'REDIS_CLUSTER_NODES' | 'REDIS_URL' | 'REDIS_KEY_PREFIX'>,
  problems: string[],
): { host: string; port: number }[] | undefined {
  const seeds = env.REDIS_CLUSTER_NODES;
  if (!seeds || seeds.length === 0) {
    return undefined;
  }
  if (env.REDIS_URL) {
    problems.push('REDIS_CLUSTER_NODES and REDIS_URL are both set: set one (a cluster, or one Redis)');
  }
  // A brace in the prefix would be every key's hash tag and put the whole state in one slot.
  if (/[{}]/.test(env.REDIS_KEY_PREFIX)) {
    problems.push('REDIS_KEY_PREFIX must not contain { or } with REDIS_CLUSTER_NODES (braces choose the hash slot)');
  }
  const nodes: { host: string; port: number }[] = [];
  for (const seed of seeds) {
    const match = CLUSTER_SEED.exec(seed);
    const port = match ? Number(match[3]) : 0;
    if (!match || port < 1 || port > 65535) {
      problems.push(`REDIS_CLUSTER_NODES: "${seed}" is not host:port`);
      continue;
    }
    nodes.push({ host: match[1] ?? match[2], port });
  }
  return nodes;
}

function tlsConfig(env: ParsedEnv, problems: string[]): ConfigShape['ws']['tls'] {
  const certFile = env.TLS_CERT_FILE;
  const keyFile = env.TLS_KEY_FILE;
  if (!certFile && !keyFile) {
    return undefined;
  }
  if (!certFile || !keyFile) {
    problems.push('TLS_CERT_FILE and TLS_KEY_FILE must be set together');
    return undefined;
  }
  return { certFile, keyFile, port: env.TLS_PORT, reloadIntervalSeconds: env.TLS_RELOAD_INTERVAL_SECONDS };
}

function isWeakSecret(value: string | undefined): boolean {
  if (!value || value.length < 32) {
    return true;
  }
  const lower = value.toLowerCase();
  return PLACEHOLDERS.some((placeholder) => lower.includes(placeholder));
}

function productionChecks(config: ConfigShape, env: ParsedEnv, problems: string[]): void {
  if (config.service.environment !== 'production') {
    return;
  }
  if (isWeakSecret(env.JWT_SECRET_KEY)) {
    problems.push('JWT_SECRET_KEY must be at least 32 characters and not a placeholder in production');
  }
  if (config.auth.apiKeyEnabled && isWeakSecret(config.auth.apiKey)) {
    problems.push('COORDINATOR_API_KEY must be at least 32 characters and not a placeholder in production');
  }
}

export function buildAppConfig(
  validated: ValidatedEnv<ParsedEnv>,
  problems: string[],
  helpers: BuildHelpers,
): ConfigShape {
  const { values: env, sources, invalid } = validated;
  const jwtSecret = env.JWT_SECRET_KEY;
  const sessionSeconds = env.P2P_SESSION_TIMEOUT_SECONDS;
  const url = databaseUrl(env, problems);
  const config: ConfigShape = {
    service: {
      host: env.HOST,
      port: env.PORT,
      name: env.SERVICE_NAME,
      version: env.SERVICE_VERSION,
      environment: env.ENVIRONMENT,
      debug: env.DEBUG,
      logLevel: logLevel(env.LOG_LEVEL),
      logFormat: env.LOG_FORMAT,
      nodeId: env.NODE_ID ?? helpers.defaultNodeId,
      shutdownTimeoutSeconds: env.SHUTDOWN_TIMEOUT_SECONDS,
    },
    db: {
      url,
      embedded: url === undefined,
      embeddedDataDir: env.EMBEDDED_DATA_DIR,
      poolSize: env.DATABASE_POOL_SIZE + env.DATABASE_MAX_OVERFLOW,
      durableJoins: env.DATABASE_DURABLE_JOINS,
    },
    redis: {
      url: env.REDIS_CLUSTER_NODES?.length && !env.REDIS_URL ? undefined : redisUrl(env, problems),
      clusterNodes: redisClusterNodes(env, problems),
      password: env.REDIS_PASSWORD,
      keyPrefix: env.REDIS_KEY_PREFIX,
      channelScope: env.REDIS_CHANNEL_SCOPE,
      maxConnections: env.REDIS_MAX_CONNECTIONS,
    },
    auth: {
      corsOrigins: env.CORS_ORIGINS,
      jwtEnabled: env.JWT_VALIDATION_ENABLED,
      jwtSecret: jwtSecret ?? helpers.randomSecret(),
      jwtSecretGenerated: jwtSecret === undefined,
      jwtAlgorithm: env.JWT_ALGORITHM,
      jwtExpirationSeconds: env.JWT_EXPIRATION_SECONDS,
      apiKeyEnabled: env.API_KEY_VALIDATION_ENABLED,
      apiKey: env.COORDINATOR_API_KEY,
      apiKeyHeader: env.API_KEY_HEADER.toLowerCase(),
      refreshGraceSeconds: env.JWT_REFRESH_GRACE_SECONDS,
      refreshExpirationSeconds: env.JWT_REFRESH_EXPIRATION_SECONDS,
      trustedProxies: env.TRUSTED_PROXIES,
      rateLimit: {
        enabled: env.RATE_LIMIT_ENABLED,
        windowSeconds: env.RATE_LIMIT_WINDOW_SECONDS,
        authLimit: env.RATE_LIMIT_AUTH_PER_MINUTE,
        apiLimit: env.RATE_LIMIT_API_PER_MINUTE,
      },
    },
    identity: identityConfig(env, problems),
    p2p: {
      enabled: env.ENABLE_P2P,
      enabledZones: env.P2P_ENABLED_ZONES,
      fallbackEnabled: env.P2P_FALLBACK_ENABLED,
      maxPlayersPerHost: env.P2P_MAX_PLAYERS_PER_HOST,
      // The minutes win when given; otherwise the earlier coordinator's seconds, rounded up.
      sessionTimeoutMinutes:
        sources.SESSION_TIMEOUT_MINUTES || sessionSeconds === undefined
          ? env.SESSION_TIMEOUT_MINUTES
          : Math.ceil(sessionSeconds / 60),
      hostHeartbeatTimeoutMinutes: env.HOST_HEARTBEAT_TIMEOUT_MINUTES,
      hostSelectionTimeoutSeconds: env.HOST_SELECTION_TIMEOUT_SECONDS,
      // Least privilege: with tokens required (production), creating sessions by joining is opt-in.
      adhocSessions: {
        enabled: env.ADHOC_SESSIONS_ENABLED ?? !env.JWT_VALIDATION_ENABLED,
        max: env.ADHOC_SESSIONS_MAX,
        perPeer: env.ADHOC_SESSIONS_PER_PEER,
      },
      hostMinimums: {
        cpuCores: env.MIN_CPU_CORES,
        cpuFrequencyMhz: env.MIN_CPU_FREQUENCY_MHZ,
        memoryMb: env.MIN_MEMORY_MB,
        networkSpeedMbps: env.MIN_NETWORK_SPEED_MBPS,
      },
      maxLatencyMs: env.MAX_LATENCY_MS,
      stunServers: env.STUN_SERVERS,
      turnServers: env.TURN_SERVERS,
      turnUsername: env.TURN_USERNAME,
      turnPassword: env.TURN_PASSWORD,
      turnSecret: env.TURN_SECRET,
      turnCredentialTtlSeconds: env.TURN_CREDENTIAL_TTL_SECONDS,
    },
    ws: {
      maxMessageBytes: env.WS_MAX_MESSAGE_BYTES,
      identifyGraceMs: env.WS_IDENTIFY_GRACE_MS,
      pingIntervalMs: env.WS_PING_INTERVAL_MS,
      maxBufferedBytes: env.WS_MAX_BUFFERED_BYTES,
      noticeBatchMs: env.WS_NOTICE_BATCH_MS,
      reconnectGraceMs: env.RECONNECT_GRACE_SECONDS * 1000,
      abuseLimit: env.WS_ABUSE_LIMIT,
      abuseWindowMs: env.WS_ABUSE_WINDOW_MS,
      maxConnectionsPerIp: env.WS_MAX_CONNECTIONS_PER_IP,
      // On a development machine the simulator (up to 5000 players) and the operator share 127.0.0.1;
      // staging and production keep one limit for every address (a proxy without TRUSTED_PROXIES
      // would otherwise put every client in the loopback bucket).
      maxConnectionsLoopback:
        env.WS_MAX_CONNECTIONS_LOOPBACK ??
        (env.ENVIRONMENT === 'development' || env.ENVIRONMENT === 'test'
          ? DEV_LOOPBACK_CONNECTIONS
          : env.WS_MAX_CONNECTIONS_PER_IP),
      messagesPerSecond: env.WS_MESSAGES_PER_SECOND,
      messageBurst: env.WS_MESSAGE_BURST,
      bytesPerSecond: env.WS_BYTES_PER_SECOND,
      bytesBurst: env.WS_BYTES_BURST,
      tls: tlsConfig(env, problems),
    },
    protocol: {
      frameAuthRequired: env.FRAME_AUTH_REQUIRED,
      proximityTickMs: env.PROXIMITY_TICK_MS,
      areaRange: env.PROXIMITY_AREA_RANGE,
      maxPeers: env.PROXIMITY_MAX_PEERS,
      relayFramesPerSecond: env.RELAY_FRAMES_PER_SECOND,
      relayBytesPerSecond: env.RELAY_BYTES_PER_SECOND,
    },
    movement: {
      tolerance: env.MOVE_TOLERANCE,
      minWalkSpeedMs: env.MOVE_MIN_WALK_SPEED_MS,
      policy: env.MOVEMENT_POLICY,
      suspicionLimit: env.MOVEMENT_SUSPICION_LIMIT,
      mapCacheFile: env.MAP_CACHE_FILE,
    },
    ai: {
      enabled: env.AI_SERVICE_ENABLED,
      url: env.AI_SERVICE_URL,
      timeoutSeconds: env.AI_SERVICE_TIMEOUT,
      apiKey: env.AI_SERVICE_API_KEY,
      npcPollSeconds: env.AI_NPC_POLL_SECONDS,
    },
    metrics: { enabled: env.PROMETHEUS_ENABLED, port: env.PROMETHEUS_PORT, apiKey: env.METRICS_API_KEY },
    webhooks: webhookConfig(env, problems),
  };
  // An ENVIRONMENT that failed to parse is not taken for a development one (its value here is the
  // default): a missing secret is reported with it, so a mistyped `production` hides nothing.
  const relaxed = !invalid.has('ENVIRONMENT') && (env.ENVIRONMENT === 'development' || env.ENVIRONMENT === 'test');
  if (config.auth.apiKeyEnabled && !config.auth.apiKey) {
    problems.push('COORDINATOR_API_KEY is required when API_KEY_VALIDATION_ENABLED=true');
  }
  if (config.auth.jwtEnabled && !jwtSecret && !relaxed) {
    problems.push('JWT_SECRET_KEY is required when JWT_VALIDATION_ENABLED=true');
  }
  if (config.identity.mode === 'rathena' && !config.identity.rathenaDatabaseUrl) {
    problems.push('RATHENA_DATABASE_URL is required when IDENTITY_VERIFICATION=rathena');
  }
  problems.push(...trustedProxyProblems(config.auth.trustedProxies));
  productionChecks(config, env, problems);
  return config;
}
