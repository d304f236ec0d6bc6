import { eachFlag, listFlag, numberFlag, unknownFlag } from './cli-flags';
import { CHEAT_KINDS, CheatKind } from './movement-agent';
import { DEFAULT_WORLD, WorldOptions } from './world';

/** Everything a run needs; `parseArgs` builds it from the command line, tests build it directly. */
export interface SimulationOptions {
  /** Coordinator base URLs (`http://host:port`); players are spread over them round-robin. */
  urls: string[];
  players: number;
  zones: string[];
  durationSec: number;
  /** Joins, leaves and zone changes per minute, over all players. */
  churnPerMinute: number;
  /** Relay frames per player per second. */
  relayRate: number;
  /** Fraction of players speaking the reference dialect (the rest speak the DLL's). */
  dialectMix: number;
  /** Request a token per player before connecting. */
  auth: boolean;
  apiKey?: string;
  allowRemote: boolean;
  world: WorldOptions;
  seed: number;
  json: boolean;
  /** First reconnection delay (the DLL: 1000 ms). */
  reconnectBaseMs: number;
  /** Players connecting at the same time during the ramp-up. */
  connectConcurrency: number;
  /**
   * `random`: the random walk on a virtual grid. `realistic`: behaviours of real players on the
   * zones' real maps (`GET /api/v1/zones/{zone}/map`; the random walk when no zone has a map).
   */
  movement?: 'random' | 'realistic';
  /** With `realistic`: cheaters added to the players, their kinds in turn from `cheatKinds`. */
  cheaters?: number;
  /** Cheat kinds to play (empty: all of CHEAT_KINDS). */
  cheatKinds?: CheatKind[];
  /** How long cheaters play honestly before cheating, ms. */
  cheatAfterMs?: number;
}

export const LIMITS = { maxPlayers: 5000, maxDurationSec: 3600, maxChurnPerMinute: 6000, maxRelayRate: 20 } as const;

export const DEFAULT_OPTIONS: SimulationOptions = {
  urls: ['http://127.0.0.1:8001'],
  players: 50,
  zones: ['prontera'],
  durationSec: 30,
  churnPerMinute: 0,
  relayRate: 0.5,
  dialectMix: 0,
  auth: false,
  allowRemote: false,
  world: DEFAULT_WORLD,
  seed: 1,
  json: false,
  reconnectBaseMs: 1000,
  connectConcurrency: 25,
  movement: 'random',
  cheaters: 0,
  cheatKinds: [],
  cheatAfterMs: 3000,
};

export const USAGE = `Usage: ro-p2p-simulate [options]   (in the coordinator's repository: npm run simulate -- [options])
  --players N         simulated players (default 50, max ${LIMITS.maxPlayers})
  --zones a,b         zones to spread them over (default prontera)
  --duration S        seconds to run (default 30, max ${LIMITS.maxDurationSec})
  --churn N           joins, leaves and zone changes per minute (default 0)
  --relay-rate R      relay frames per player per second (default 0.5)
  --dialect-mix F     fraction of players using the reference dialect, 0..1 (default 0)
  --map WxH           map size in cells (default 300x300)
  --hot-spots N       crowd hot spots (default 4; 60 % of players stay around them)
  --url URL           coordinator base URL; repeat or comma-separate for several (default http://127.0.0.1:8001)
  --allow-remote      permit non-loopback URLs
  --auth              request a token per player first
  --api-key KEY       API key sent with REST requests
  --movement M        random (default: random walk on a virtual grid) or realistic (real players on the
                      zones' maps from GET /api/v1/zones/{zone}/map: paths, Fly Wing, warps, knock-back,
                      Snap, lag bursts, reconnects; frames and JSON positions; random walk without a map)
  --cheaters N        with --movement realistic: cheaters on top of --players (default 0)
  --cheat-kinds a,b   cheat kinds, in turn (default all: ${CHEAT_KINDS.join(', ')})
  --cheat-after S     seconds cheaters play honestly first (default 3)
  --seed N            random seed (default 1)
  --json              print the summary as JSON
  --help              this text`;

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

export function isLoopbackUrl(url: string): boolean {
  try {
    const host = new URL(url).hostname;
    return LOOPBACK.has(host) || /^127\.\d+\.\d+\.\d+$/.test(host);
  } catch {
    return false;
  }
}

/** Parses the CLI; throws an Error with a readable message on bad input. `help` asks for USAGE. */
export function parseArgs(argv: readonly string[]): SimulationOptions | 'help' {
  const options: SimulationOptions = { ...DEFAULT_OPTIONS, world: { ...DEFAULT_WORLD } };
  const urls: string[] = [];
  const help = eachFlag(argv, (flag, value) => {
    switch (flag) {
      case '--players':
        options.players = Math.floor(numberFlag(flag, value(), 1, LIMITS.maxPlayers));
        break;
      case '--zones':
        options.zones = listFlag(flag, value());
        break;
      case '--duration':
        options.durationSec = numberFlag(flag, value(), 1, LIMITS.maxDurationSec);
        break;
      case '--churn':
        options.churnPerMinute = numberFlag(flag, value(), 0, LIMITS.maxChurnPerMinute);
        break;
      case '--relay-rate':
        options.relayRate = numberFlag(flag, value(), 0, LIMITS.maxRelayRate);
        break;
      case '--dialect-mix':
        options.dialectMix = numberFlag(flag, value(), 0, 1);
        break;
      case '--hot-spots':
        options.world.hotSpots = Math.floor(numberFlag(flag, value(), 0, 20));
        break;
      case '--movement': {
        const mode = value();
        if (mode !== 'random' && mode !== 'realistic') {
          throw new Error('--movement must be random or realistic');
        }
        options.movement = mode;
        break;
      }
      case '--cheaters':
        options.cheaters = Math.floor(numberFlag(flag, value(), 0, LIMITS.maxPlayers));
        break;
      case '--cheat-kinds':
        options.cheatKinds = listFlag(flag, value()).map((kind) => {
          if (!(CHEAT_KINDS as readonly string[]).includes(kind)) {
            throw new Error(`unknown cheat kind ${kind}; known: ${CHEAT_KINDS.join(', ')}`);
          }
          return kind as CheatKind;
        });
        break;
      case '--cheat-after':
        options.cheatAfterMs = numberFlag(flag, value(), 0, LIMITS.maxDurationSec) * 1000;
        break;
      case '--seed':
        options.seed = Math.floor(numberFlag(flag, value(), 0, 2 ** 31));
        break;
      case '--map': {
        const match = /^(\d+)x(\d+)$/.exec(value() ?? '');
        if (!match) {
          throw new Error('--map must look like 300x300');
        }
        options.world.width = numberFlag('--map width', match[1], 20, 2000);
        options.world.height = numberFlag('--map height', match[2], 20, 2000);
        break;
      }
      case '--url':
        urls.push(...listFlag(flag, value()));
        break;
      case '--api-key':
        options.apiKey = value();
        break;
      case '--auth':
        options.auth = true;
        break;
      case '--allow-remote':
        options.allowRemote = true;
        break;
      case '--json':
        options.json = true;
        break;
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
  if (urls.length > 0) {
    options.urls = urls;
  }
  validateOptions(options);
  return options;
}

/** The bounds every run respects, from the CLI or from code. */
export function validateOptions(options: SimulationOptions): void {
  if (options.players < 1 || options.players > LIMITS.maxPlayers) {
    throw new Error(`players must be 1..${LIMITS.maxPlayers}`);
  }
  if (options.durationSec <= 0 || options.durationSec > LIMITS.maxDurationSec) {
    throw new Error(`duration must be at most ${LIMITS.maxDurationSec} s`);
  }
  const cheaters = options.cheaters ?? 0;
  if (cheaters > 0 && options.movement !== 'realistic') {
    throw new Error('--cheaters needs --movement realistic');
  }
  if (options.players + cheaters > LIMITS.maxPlayers) {
    throw new Error(`players and cheaters must be at most ${LIMITS.maxPlayers} together`);
  }
  if (options.zones.length === 0 || options.urls.length === 0) {
    throw new Error('at least one zone and one URL are needed');
  }
  for (const url of options.urls) {
    if (!/^https?:\/\//.test(url)) {
      throw new Error(`not an http(s) URL: ${url}`);
    }
    if (!options.allowRemote && !isLoopbackUrl(url)) {
      throw new Error(`refusing non-loopback URL ${url} without --allow-remote`);
    }
  }
}
