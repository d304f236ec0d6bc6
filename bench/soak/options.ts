/**
 * What a soak run needs, its defaults and bounds, and the command line that builds it.
 * Bounded like the simulator: at most 5,000 players and one hour, loopback servers only.
 */
import {
  DEFAULT_WORLD,
  eachFlag,
  isLoopbackUrl,
  LIMITS,
  listFlag,
  numberFlag,
  SimulationOptions,
  unknownFlag,
} from '@ro-p2p/client/simulator';

export interface SoakOptions {
  players: number;
  durationSec: number;
  zones: string[];
  /** Joins, leaves and zone changes per minute over the whole population. */
  churnPerMinute: number;
  /** Relay frames per simulated player per second. */
  relayRate: number;
  /** Share of simulated players speaking the reference dialect. */
  dialectMix: number;
  /** Stable probe pairs (never churned) that count every signal. */
  probePairs: number;
  /** Signals each probe sends its partner per second. */
  probeRate: number;
  /** Seconds at the start excluded from the memory and error-growth verdicts (at least the ramp-up). */
  warmupSec: number;
  sampleIntervalSec: number;
  /** Longest wait for in-flight probe signals after the load stops. */
  drainSec: number;
  /** Players connecting at once during the ramp-up. */
  connectConcurrency: number;
  seed: number;
  /** PostgreSQL database for the run (recreated; its name must contain "test"). */
  databaseUrl: string;
  /** Redis URL with the run's own db index; only keys under `redisPrefix` are touched. */
  redisUrl: string;
  redisPrefix: string;
  /** Where soak-<timestamp>.json/.md go; undefined writes nothing. */
  resultsDir?: string;
  /** Extra environment for both coordinators (e.g. LOG_LEVEL=info to diagnose, or a pool size to try). */
  nodeEnv?: Record<string, string>;
}

/** Redis db 9 is the soak's (bench 3–5, reliability 6–8, cluster 13, tests 14–15). */
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379/9';
export const DEFAULT_DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/p2p_soak_test';

/** Warm-up: a fifth of the run, between 10 s and 2 min (the ramp-up is waited for on top). */
export const defaultWarmup = (durationSec: number): number => Math.round(Math.min(120, Math.max(10, durationSec / 5)));

export function defaultOptions(overrides: Partial<SoakOptions> = {}): SoakOptions {
  const players = overrides.players ?? 1000;
  const durationSec = overrides.durationSec ?? 300;
  return {
    players,
    durationSec,
    zones: ['prontera', 'geffen', 'payon', 'morocc'],
    // Every player churns about every 3 minutes on average.
    churnPerMinute: Math.max(30, Math.round(players / 3)),
    relayRate: 0.2,
    dialectMix: 0.3,
    probePairs: 20,
    probeRate: 10,
    warmupSec: defaultWarmup(durationSec),
    sampleIntervalSec: 5,
    drainSec: 10,
    connectConcurrency: 25,
    seed: 1,
    databaseUrl: DEFAULT_DATABASE_URL,
    redisUrl: DEFAULT_REDIS_URL,
    redisPrefix: `soak${process.pid}:`,
    ...overrides,
  };
}

export const SOAK_USAGE = `Usage: npm run soak -- [options]
  --players N         simulated players (default 1000: what 2 shared cores carry; max ${LIMITS.maxPlayers})
  --duration S        seconds of load (default 300; 3600 for the hour-long run)
  --zones a,b         zones (default prontera,geffen,payon,morocc)
  --churn N           joins, leaves and zone changes per minute (default players / 3)
  --relay-rate R      relay frames per player per second (default 0.2)
  --dialect-mix F     share of reference-dialect players, 0..1 (default 0.3)
  --probe-pairs N     stable probe pairs counting every signal (default 20)
  --probe-rate R      signals per probe per second (default 10)
  --warmup S          seconds excluded from the memory and error verdicts (default duration/5, 10..120)
  --sample S          sampling interval in seconds (default 5)
  --seed N            random seed (default 1)
  --node-env K=V      extra environment for both coordinators (repeatable)
Environment: SOAK_DATABASE_URL (default ${DEFAULT_DATABASE_URL}),
  SOAK_REDIS_URL (default ${DEFAULT_REDIS_URL}); both must be loopback.`;

/** The CLI; defaults that depend on players or duration follow the values given. */
export function parseSoakArgs(argv: readonly string[], env: NodeJS.ProcessEnv = {}): SoakOptions | 'help' {
  const given: Partial<SoakOptions> = {};
  const help = eachFlag(argv, (flag, value) => {
    switch (flag) {
      case '--players':
        given.players = Math.floor(numberFlag(flag, value(), 1, LIMITS.maxPlayers));
        break;
      case '--duration':
        given.durationSec = numberFlag(flag, value(), 5, LIMITS.maxDurationSec);
        break;
      case '--zones':
        given.zones = listFlag(flag, value());
        break;
      case '--churn':
        given.churnPerMinute = numberFlag(flag, value(), 0, LIMITS.maxChurnPerMinute);
        break;
      case '--relay-rate':
        given.relayRate = numberFlag(flag, value(), 0, LIMITS.maxRelayRate);
        break;
      case '--dialect-mix':
        given.dialectMix = numberFlag(flag, value(), 0, 1);
        break;
      case '--probe-pairs':
        given.probePairs = Math.floor(numberFlag(flag, value(), 1, 200));
        break;
      case '--probe-rate':
        given.probeRate = numberFlag(flag, value(), 0.5, 40);
        break;
      case '--warmup':
        given.warmupSec = numberFlag(flag, value(), 0, 600);
        break;
      case '--sample':
        given.sampleIntervalSec = numberFlag(flag, value(), 1, 60);
        break;
      case '--seed':
        given.seed = Math.floor(numberFlag(flag, value(), 0, 2 ** 31));
        break;
      case '--node-env': {
        const match = /^([A-Z][A-Z0-9_]*)=(.*)$/s.exec(value() ?? '');
        if (!match) {
          throw new Error('--node-env must look like NAME=value');
        }
        given.nodeEnv = { ...given.nodeEnv, [match[1]]: match[2] };
        break;
      }
      case '--help':
      case '-h':
        return 'help';
      default:
        throw unknownFlag(flag);
    }
  });
  if (help) {
    return help;
  }
  const options = defaultOptions({
    ...given,
    ...(env.SOAK_DATABASE_URL ? { databaseUrl: env.SOAK_DATABASE_URL } : {}),
    ...(env.SOAK_REDIS_URL ? { redisUrl: env.SOAK_REDIS_URL } : {}),
  });
  validateSoakOptions(options);
  return options;
}

export function validateSoakOptions(options: SoakOptions): void {
  if (options.players < 1 || options.players > LIMITS.maxPlayers) {
    throw new Error(`players must be 1..${LIMITS.maxPlayers}`);
  }
  if (options.durationSec <= 0 || options.durationSec > LIMITS.maxDurationSec) {
    throw new Error(`duration must be at most ${LIMITS.maxDurationSec} s`);
  }
  if (options.zones.length === 0 || options.zones.some((zone) => !/^[a-z0-9_-]{1,64}$/i.test(zone))) {
    throw new Error('zones must be a comma-separated list of zone ids');
  }
  if (options.warmupSec >= options.durationSec) {
    throw new Error('the warm-up must be shorter than the run');
  }
  for (const url of [options.databaseUrl, options.redisUrl]) {
    if (!isLoopbackUrl(url)) {
      throw new Error(
        `refusing non-loopback server ${url.replace(/\/\/[^@/]*@/, '//')}: the soak runs on loopback only`,
      );
    }
  }
  const db = new URL(options.databaseUrl).pathname.slice(1);
  if (!db.includes('test')) {
    throw new Error(`refusing to recreate database "${db}": its name must contain "test"`);
  }
}

/** The simulator's options for the population: both nodes, no tokens, the DLL's reconnection delay. */
export function simulationOptions(options: SoakOptions, urls: string[]): SimulationOptions {
  return {
    urls,
    players: options.players,
    zones: options.zones,
    durationSec: options.durationSec,
    churnPerMinute: options.churnPerMinute,
    relayRate: options.relayRate,
    dialectMix: options.dialectMix,
    auth: false,
    allowRemote: false,
    world: { ...DEFAULT_WORLD },
    seed: options.seed,
    json: false,
    reconnectBaseMs: 1000,
    connectConcurrency: options.connectConcurrency,
  };
}
