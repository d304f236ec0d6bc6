import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { ENV } from './env-spec';
import { RawEnv, validateEnv } from './env-parse';
import { buildAppConfig } from './app-config.builder';

/** Thrown at boot when the environment is invalid; lists every problem at once. */
export class ConfigValidationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigValidationError';
  }
}

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';

/** The typed configuration; the only way code reads the environment. Injected by class. */
export class AppConfig {
  declare readonly service: {
    host: string;
    port: number;
    name: string;
    version: string;
    environment: 'development' | 'test' | 'staging' | 'production';
    debug: boolean;
    logLevel: LogLevel;
    logFormat: 'json' | 'text';
    nodeId: string;
    shutdownTimeoutSeconds: number;
  };
  declare readonly db: {
    url?: string;
    embedded: boolean;
    embeddedDataDir: string;
    poolSize: number;
    /** Seating transactions wait for their WAL flush (else `synchronous_commit = off` for them). */
    durableJoins: boolean;
  };
  /** `channelScope`: the deployment name on pub/sub channels; unset, the database number is used. */
  declare readonly redis: {
    url?: string;
    /** Redis Cluster seeds (REDIS_CLUSTER_NODES); never set together with `url`. */
    clusterNodes?: { host: string; port: number }[];
    /** REDIS_PASSWORD, for a cluster (a URL carries its own). */
    password?: string;
    keyPrefix: string;
    channelScope?: string;
    maxConnections: number;
  };
  declare readonly auth: {
    corsOrigins: string[];
    jwtEnabled: boolean;
    jwtSecret: string;
    jwtSecretGenerated: boolean;
    jwtAlgorithm: 'HS256' | 'HS384' | 'HS512';
    jwtExpirationSeconds: number;
    apiKeyEnabled: boolean;
    apiKey?: string;
    apiKeyHeader: string;
    refreshGraceSeconds: number;
    refreshExpirationSeconds: number;
    trustedProxies: string[];
    rateLimit: { enabled: boolean; windowSeconds: number; authLimit: number; apiLimit: number };
  };
  declare readonly p2p: {
    enabled: boolean;
    enabledZones: string[];
    fallbackEnabled: boolean;
    maxPlayersPerHost: number;
    sessionTimeoutMinutes: number;
    hostHeartbeatTimeoutMinutes: number;
    /** Automatic placement skips a host whose last heartbeat is older than this (and one with none since it registered). */
    hostSelectionTimeoutSeconds: number;
    /** A `join` of an unknown id opens an ad-hoc session (see AdhocSessionsService). */
    adhocSessions: { enabled: boolean; max: number; perPeer: number };
    hostMinimums: { cpuCores: number; cpuFrequencyMhz: number; memoryMb: number; networkSpeedMbps: number };
    maxLatencyMs: number;
    stunServers: string[];
    turnServers: string[];
    turnUsername?: string;
    turnPassword?: string;
    turnSecret?: string;
    turnCredentialTtlSeconds: number;
  };
  declare readonly ws: {
    maxMessageBytes: number;
    identifyGraceMs: number;
    pingIntervalMs: number;
    maxBufferedBytes: number;
    noticeBatchMs: number;
    /** RECONNECT_GRACE_SECONDS in ms; 0 = a dropped peer leaves at once. */
    reconnectGraceMs: number;
    abuseLimit: number;
    abuseWindowMs: number;
    maxConnectionsPerIp: number;
    /** The limit for loopback addresses instead of `maxConnectionsPerIp`. */
    maxConnectionsLoopback: number;
    messagesPerSecond: number;
    messageBurst: number;
    bytesPerSecond: number;
    bytesBurst: number;
    /** `reloadIntervalSeconds`: how often the files are checked for a renewed pair (0: never). */
    tls?: { certFile: string; keyFile: string; port: number; reloadIntervalSeconds: number };
  };
  declare readonly protocol: {
    frameAuthRequired: boolean;
    proximityTickMs: number;
    areaRange: number;
    maxPeers: number;
    relayFramesPerSecond: number;
    relayBytesPerSecond: number;
  };
  /** The movement model (docs/protocol.md, "Movement"): rules, policy and rAthena's map cache. */
  declare readonly movement: {
    tolerance: number;
    minWalkSpeedMs: number;
    policy: 'refuse' | 'kick';
    suspicionLimit: number;
    /** rAthena's map cache; unset runs the model without map rules. */
    mapCacheFile?: string;
  };
  /** Whether rAthena's database vouches for peer ids (docs/security.md, "Proven identity: rAthena"). */
  declare readonly identity: {
    mode: 'none' | 'rathena';
    /** Set (and required) when mode is `rathena`; may carry a password, so never logged. */
    rathenaDatabaseUrl?: string;
    cacheSeconds: number;
    /** Bound on connecting to and querying rAthena's database. */
    rathenaTimeoutMs: number;
  };
  declare readonly ai: {
    enabled: boolean;
    url: string;
    timeoutSeconds: number;
    apiKey?: string;
    npcPollSeconds: number;
  };
  declare readonly metrics: { enabled: boolean; port: number; apiKey?: string };
  /** Event webhooks (docs/operations.md, "Webhooks"); no URLs means none are sent. */
  declare readonly webhooks: {
    urls: string[];
    /** Set (and required) when there are URLs; the HMAC key, never logged. */
    secret?: string;
    timeoutMs: number;
    maxAttempts: number;
    retryBaseMs: number;
    queueSize: number;
  };
}

/** Validates the whole environment once and returns the typed config, or throws with every problem. */
export function loadConfig(env: RawEnv = process.env): AppConfig {
  const problems: string[] = [];
  const validated = validateEnv(ENV, env, problems);
  const config = buildAppConfig(validated, problems, {
    defaultNodeId: `${hostname()}-${randomBytes(3).toString('hex')}`,
    randomSecret: () => randomBytes(32).toString('base64url'),
  });
  if (problems.length > 0) {
    throw new ConfigValidationError(problems);
  }
  return Object.assign(new AppConfig(), config);
}
