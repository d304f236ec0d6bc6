import type { AppConfig, LogLevel, ParsedEnv } from './app-config';
import { identityConfig } from './identity-config';
import { trustedProxyProblems } from './trusted-proxies';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type ConfigShape = Mutable<Pick<AppConfig, 'service' | 'db' | 'redis' | 'auth' | 'identity' | 'p2p' | 'ws' | 'protocol' | 'ai' | 'metrics'>>;

interface BuildHelpers {
  defaultNodeId: string;
  randomSecret: () => string;
}

const PLACEHOLDERS = ['change_this', 'change-me', 'changeme', 'your-secret', 'your-coordinator', 'your-api-key', 'secret'];
const LEVELS: Record<string, LogLevel> = { warning: 'warn', critical: 'fatal' };

/** Accepts the seed guide's SQLAlchemy form (`postgresql+asyncpg://`) as well as plain URLs. */
export function normaliseDatabaseUrl(url: string): string {
  return url.replace(/^postgres(ql)?\+[a-z0-9]+:\/\//i, 'postgresql://');
}

function databaseUrl(env: ParsedEnv, problems: string[]): string | undefined {
  const explicit = env.DATABASE_URL as string | undefined;
  if (explicit) {
    const url = normaliseDatabaseUrl(explicit);
    if (!/^postgres(ql)?:\/\/.+/i.test(url)) {
      problems.push('DATABASE_URL must be a postgresql:// URL');
    }
    return url;
  }
  const host = env.POSTGRES_HOST as string | undefined;
  if (!host) {
    return undefined;
  }
  const user = encodeURIComponent(env.POSTGRES_USER as string);
  const password = env.POSTGRES_PASSWORD ? `:${encodeURIComponent(env.POSTGRES_PASSWORD as string)}` : '';
  return `postgresql://${user}${password}@${host}:${env.POSTGRES_PORT as number}/${env.POSTGRES_DB as string}`;
}

function redisUrl(env: ParsedEnv, problems: string[]): string | undefined {
  const explicit = env.REDIS_URL as string | undefined;
  if (explicit) {
    if (!/^rediss?:\/\/.+/i.test(explicit)) {
      problems.push('REDIS_URL must be a redis:// or rediss:// URL');
    }
    return explicit;
  }
  const host = env.REDIS_HOST as string | undefined;
  if (!host) {
    return undefined;
  }
  const password = env.REDIS_PASSWORD ? `:${encodeURIComponent(env.REDIS_PASSWORD as string)}@` : '';
  return `redis://${password}${host}:${env.REDIS_PORT as number}/${env.REDIS_DB as number}`;
}

function tlsConfig(env: ParsedEnv, problems: string[]): ConfigShape['ws']['tls'] {
  const certFile = env.TLS_CERT_FILE as string | undefined;
  const keyFile = env.TLS_KEY_FILE as string | undefined;
  if (!certFile && !keyFile) {
    return undefined;
  }
  if (!certFile || !keyFile) {
    problems.push('TLS_CERT_FILE and TLS_KEY_FILE must be set together');
    return undefined;
  }
  return { certFile, keyFile, port: env.TLS_PORT as number };
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
  if (isWeakSecret(env.JWT_SECRET_KEY as string | undefined)) {
    problems.push('JWT_SECRET_KEY must be at least 32 characters and not a placeholder in production');
  }
  if (config.auth.apiKeyEnabled && isWeakSecret(config.auth.apiKey)) {
    problems.push('COORDINATOR_API_KEY must be at least 32 characters and not a placeholder in production');
  }
}

export function buildAppConfig(
  env: ParsedEnv,
  _sources: Record<string, string | undefined>,
  problems: string[],
  helpers: BuildHelpers,
): ConfigShape {
  const rawLevel = String(env.LOG_LEVEL).toLowerCase();
  const jwtSecret = env.JWT_SECRET_KEY as string | undefined;
  const sessionSeconds = env.P2P_SESSION_TIMEOUT_SECONDS as number | undefined;
  const sessionMinutesExplicit = env.SESSION_TIMEOUT_MINUTES as number;
  const url = databaseUrl(env, problems);
  const config: ConfigShape = {
    service: {
      host: env.HOST as string,
      port: env.PORT as number,
      name: env.SERVICE_NAME as string,
      version: env.SERVICE_VERSION as string,
      environment: env.ENVIRONMENT as ConfigShape['service']['environment'],
      debug: env.DEBUG as boolean,
      logLevel: LEVELS[rawLevel] ?? (rawLevel as LogLevel),
      logFormat: env.LOG_FORMAT as 'json' | 'text',
      nodeId: (env.NODE_ID as string | undefined) ?? helpers.defaultNodeId,
      shutdownTimeoutSeconds: env.SHUTDOWN_TIMEOUT_SECONDS as number,
    },
    db: {
      url,
      embedded: url === undefined,
      embeddedDataDir: env.EMBEDDED_DATA_DIR as string,
      poolSize: (env.DATABASE_POOL_SIZE as number) + (env.DATABASE_MAX_OVERFLOW as number),
      durableJoins: env.DATABASE_DURABLE_JOINS as boolean,
    },
    redis: {
      url: redisUrl(env, problems),
      keyPrefix: env.REDIS_KEY_PREFIX as string,
      maxConnections: env.REDIS_MAX_CONNECTIONS as number,
    },
    auth: {
      corsOrigins: env.CORS_ORIGINS as string[],
      jwtEnabled: env.JWT_VALIDATION_ENABLED as boolean,
      jwtSecret: jwtSecret ?? helpers.randomSecret(),
      jwtSecretGenerated: jwtSecret === undefined,
      jwtAlgorithm: env.JWT_ALGORITHM as 'HS256',
      jwtExpirationSeconds: env.JWT_EXPIRATION_SECONDS as number,
      apiKeyEnabled: env.API_KEY_VALIDATION_ENABLED as boolean,
      apiKey: env.COORDINATOR_API_KEY as string | undefined,
      apiKeyHeader: (env.API_KEY_HEADER as string).toLowerCase(),
      refreshGraceSeconds: env.JWT_REFRESH_GRACE_SECONDS as number,
      refreshExpirationSeconds: env.JWT_REFRESH_EXPIRATION_SECONDS as number,
      trustedProxies: env.TRUSTED_PROXIES as string[],
      rateLimit: {
        enabled: env.RATE_LIMIT_ENABLED as boolean,
        windowSeconds: env.RATE_LIMIT_WINDOW_SECONDS as number,
        authLimit: env.RATE_LIMIT_AUTH_PER_MINUTE as number,
        apiLimit: env.RATE_LIMIT_API_PER_MINUTE as number,
      },
    },
    identity: identityConfig(env, problems),
    p2p: {
      enabled: env.ENABLE_P2P as boolean,
      enabledZones: env.P2P_ENABLED_ZONES as string[],
      fallbackEnabled: env.P2P_FALLBACK_ENABLED as boolean,
      maxPlayersPerHost: env.P2P_MAX_PLAYERS_PER_HOST as number,
      sessionTimeoutMinutes:
        _sources.SESSION_TIMEOUT_MINUTES || sessionSeconds === undefined
          ? sessionMinutesExplicit
          : Math.ceil(sessionSeconds / 60),
      hostHeartbeatTimeoutMinutes: env.HOST_HEARTBEAT_TIMEOUT_MINUTES as number,
      hostMinimums: {
        cpuCores: env.MIN_CPU_CORES as number,
        cpuFrequencyMhz: env.MIN_CPU_FREQUENCY_MHZ as number,
        memoryMb: env.MIN_MEMORY_MB as number,
        networkSpeedMbps: env.MIN_NETWORK_SPEED_MBPS as number,
      },
      maxLatencyMs: env.MAX_LATENCY_MS as number,
      stunServers: env.STUN_SERVERS as string[],
      turnServers: env.TURN_SERVERS as string[],
      turnUsername: env.TURN_USERNAME as string | undefined,
      turnPassword: env.TURN_PASSWORD as string | undefined,
      turnSecret: env.TURN_SECRET as string | undefined,
      turnCredentialTtlSeconds: env.TURN_CREDENTIAL_TTL_SECONDS as number,
    },
    ws: {
      maxMessageBytes: env.WS_MAX_MESSAGE_BYTES as number,
      identifyGraceMs: env.WS_IDENTIFY_GRACE_MS as number,
      pingIntervalMs: env.WS_PING_INTERVAL_MS as number,
      maxBufferedBytes: env.WS_MAX_BUFFERED_BYTES as number,
      noticeBatchMs: env.WS_NOTICE_BATCH_MS as number,
      abuseLimit: env.WS_ABUSE_LIMIT as number,
      abuseWindowMs: env.WS_ABUSE_WINDOW_MS as number,
      maxConnectionsPerIp: env.WS_MAX_CONNECTIONS_PER_IP as number,
      messagesPerSecond: env.WS_MESSAGES_PER_SECOND as number,
      messageBurst: env.WS_MESSAGE_BURST as number,
      bytesPerSecond: env.WS_BYTES_PER_SECOND as number,
      bytesBurst: env.WS_BYTES_BURST as number,
      tls: tlsConfig(env, problems),
    },
    protocol: {
      frameAuthRequired: env.FRAME_AUTH_REQUIRED as boolean,
      proximityTickMs: env.PROXIMITY_TICK_MS as number,
      areaRange: env.PROXIMITY_AREA_RANGE as number,
      maxPeers: env.PROXIMITY_MAX_PEERS as number,
      relayFramesPerSecond: env.RELAY_FRAMES_PER_SECOND as number,
      relayBytesPerSecond: env.RELAY_BYTES_PER_SECOND as number,
      moveTolerance: env.MOVE_TOLERANCE as number,
      minWalkSpeedMs: env.MOVE_MIN_WALK_SPEED_MS as number,
      maxJumpCells: env.MOVE_MAX_JUMP_CELLS as number,
    },
    ai: {
      enabled: env.AI_SERVICE_ENABLED as boolean,
      url: env.AI_SERVICE_URL as string,
      timeoutSeconds: env.AI_SERVICE_TIMEOUT as number,
      apiKey: env.AI_SERVICE_API_KEY as string | undefined,
      npcPollSeconds: env.AI_NPC_POLL_SECONDS as number,
    },
    metrics: { enabled: env.PROMETHEUS_ENABLED as boolean, port: env.PROMETHEUS_PORT as number, apiKey: env.METRICS_API_KEY as string | undefined },
  };
  if (config.auth.apiKeyEnabled && !config.auth.apiKey) {
    problems.push('COORDINATOR_API_KEY is required when API_KEY_VALIDATION_ENABLED=true');
  }
  if (config.auth.jwtEnabled && !jwtSecret && config.service.environment !== 'development' && config.service.environment !== 'test') {
    problems.push('JWT_SECRET_KEY is required when JWT_VALIDATION_ENABLED=true');
  }
  if (config.identity.mode === 'rathena' && !config.identity.rathenaDatabaseUrl) {
    problems.push('RATHENA_DATABASE_URL is required when IDENTITY_VERIFICATION=rathena');
  }
  problems.push(...trustedProxyProblems(config.auth.trustedProxies));
  productionChecks(config, env, problems);
  return config;
}
