/**
 * Movement model on realistic play (issue #18): simulated honest players and cheaters on prontera,
 * geffen and payon from the test map cache, every position judged by `judgeMove` exactly as the
 * coordinator's MovementGuard does (one record per player, kept across reconnects), in virtual time.
 *
 *   npm run bench:movement [-- --seed 1 --honest 100 --minutes 35 --cheaters 50 --cheat-minutes 3]
 *
 * Prints a markdown table and writes bench/results/movement-realism.json. Deterministic for a seed.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CHEAT_KINDS,
  CheatKind,
  Cell,
  MoveEvent,
  MovementAgent,
  pickWarps,
  seededRandom,
} from '@ro-p2p/client/simulator';
import { decodeMap, readMapCacheIndex } from '../src/maps/map-cache-file';
import { MapGrid } from '../src/maps/map-grid';
import {
  judgeMove,
  MOVE_REFUSALS,
  MoveRefusal,
  MOVEMENT_DEFAULTS,
  PeerMovement,
  SuspicionReason,
} from '../src/protocol/movement';

/** Run from the repository root (scripts/bench.js does). */
const ROOT = process.cwd();
const FIXTURE = join(ROOT, 'test', 'fixtures', 'maps', 'map_cache.dat');
const MAPS = ['prontera', 'geffen', 'payon'];
/** MOVEMENT_SUSPICION_LIMIT's default: what MOVEMENT_POLICY=kick would disconnect. */
const SUSPICION_LIMIT = 100;
/** Virtual clock origin: every player's time 0 maps to this server time. */
const EPOCH = 1_700_000_000_000;

interface Options {
  seed: number;
  honestPerMap: number;
  minutes: number;
  cheatersPerKind: number;
  cheatMinutes: number;
  out: string;
}

function parse(argv: string[]): Options {
  const options: Options = {
    seed: 1,
    honestPerMap: 100,
    minutes: 35,
    cheatersPerKind: 50,
    cheatMinutes: 3,
    out: join(ROOT, 'bench', 'results', 'movement-realism.json'),
  };
  for (let i = 0; i < argv.length; i++) {
    const value = (): number => {
      const n = Number(argv[++i]);
      if (!Number.isFinite(n) || n < 0) {
        throw new Error(`${argv[i - 1]} needs a non-negative number`);
      }
      return n;
    };
    switch (argv[i]) {
      case '--seed':
        options.seed = Math.floor(value());
        break;
      case '--honest':
        options.honestPerMap = Math.floor(value());
        break;
      case '--minutes':
        options.minutes = value();
        break;
      case '--cheaters':
        options.cheatersPerKind = Math.floor(value());
        break;
      case '--cheat-minutes':
        options.cheatMinutes = value();
        break;
      case '--out':
        options.out = argv[++i];
        break;
      default:
        throw new Error(`unknown option ${argv[i]}`);
    }
  }
  return options;
}

interface Zone {
  name: string;
  grid: MapGrid;
  warps: Cell[];
}

function loadZones(seed: number): Zone[] {
  const file = readFileSync(FIXTURE);
  const index = readMapCacheIndex(file);
  return MAPS.map((name, i) => {
    const entry = index.find((e) => e.name === name);
    if (!entry) {
      throw new Error(`${name} is not in ${FIXTURE}`);
    }
    const grid = decodeMap(file, entry);
    return { name, grid, warps: pickWarps(grid, seededRandom(seed * 31 + i)) };
  });
}

const playerSeed = (seed: number, group: number, i: number): number =>
  (Math.imul(seed, 0x9e3779b1) ^ Math.imul(group + 1, 0x85ebca6b) ^ Math.imul(i + 1, 0xc2b2ae35)) >>> 0;

interface Refused {
  player: string;
  zone: string;
  reason: MoveRefusal;
  event: MoveEvent;
  previous?: MoveEvent;
}

/** One player's run: every event judged, the record kept (a reconnect keeps it too). */
function play(
  zone: Zone,
  agent: MovementAgent,
  durationMs: number,
  onJudged: (
    event: MoveEvent,
    refusal: MoveRefusal | undefined,
    suspected: SuspicionReason[],
    state: PeerMovement,
  ) => void,
): number {
  let state: PeerMovement | undefined;
  let count = 0;
  for (let event = agent.next(); event.at <= durationMs; event = agent.next()) {
    const verdict = judgeMove(
      state,
      { zone: zone.name, x: event.x, y: event.y, declaredMsPerCell: event.declaredMsPerCell },
      EPOCH + event.at,
      MOVEMENT_DEFAULTS,
      zone.grid,
    );
    state = verdict.state;
    count += 1;
    onJudged(event, verdict.refusal, verdict.suspected, state);
  }
  return count;
}

const zeroRefusals = (): Record<MoveRefusal, number> => ({ out_of_bounds: 0, not_walkable: 0, too_fast: 0 });

function runHonest(options: Options, zones: Zone[]) {
  const durationMs = options.minutes * 60_000;
  const refusals = zeroRefusals();
  const refusalsByActivity: Record<string, number> = {};
  const suspected: Record<string, number> = {};
  const examples: Refused[] = [];
  const events: Record<string, number> = {};
  const transports: Record<string, number> = { frame: 0, json: 0 };
  let positions = 0;
  let reconnects = 0;
  let reachedLimit = 0;
  let maxSuspicion = 0;
  let players = 0;
  zones.forEach((zone, z) => {
    for (let i = 0; i < options.honestPerMap; i++) {
      const agent = new MovementAgent(zone.grid, seededRandom(playerSeed(options.seed, z, i)), {
        kind: 'honest',
        warps: zone.warps,
      });
      transports[agent.transport] += 1;
      players += 1;
      let previous: MoveEvent | undefined;
      let peak = 0;
      positions += play(zone, agent, durationMs, (event, refusal, reasons, state) => {
        events[event.activity] = (events[event.activity] ?? 0) + 1;
        reconnects += event.reconnect ? 1 : 0;
        if (refusal) {
          refusals[refusal] += 1;
          const key = `${event.activity}:${refusal}`;
          refusalsByActivity[key] = (refusalsByActivity[key] ?? 0) + 1;
          if (examples.length < 10) {
            examples.push({ player: `${zone.name}#${i}`, zone: zone.name, reason: refusal, event, previous });
          }
        } else {
          previous = event;
        }
        for (const reason of reasons) {
          suspected[`${event.activity}:${reason}`] = (suspected[`${event.activity}:${reason}`] ?? 0) + 1;
        }
        peak = Math.max(peak, state.suspicion);
      });
      maxSuspicion = Math.max(maxSuspicion, peak);
      reachedLimit += peak >= SUSPICION_LIMIT ? 1 : 0;
    }
  });
  const totalRefusals = MOVE_REFUSALS.reduce((n, r) => n + refusals[r], 0);
  return {
    players,
    playerMinutes: players * options.minutes,
    transports,
    positionsJudged: positions,
    eventsByActivity: events,
    reconnects,
    refusals: totalRefusals,
    refusalsByReason: refusals,
    refusalsByActivity,
    suspicionRaisedBy: suspected,
    reachedSuspicionLimit: reachedLimit,
    maxSuspicion: Math.round(maxSuspicion * 10) / 10,
    refusalExamples: examples,
  };
}

interface CheatResult {
  kind: CheatKind;
  cheaters: number;
  transports: Record<string, number>;
  detected: number;
  detectedShare: number;
  medianMsToDetection: number | null;
  p90MsToDetection: number | null;
  maxMsToDetection: number | null;
  detectedBy: Record<string, number>;
  reachedSuspicionLimit: number;
  refusalsByReason: Record<MoveRefusal, number>;
  cheatPositions: number;
  /** Refusals or limit crossings before the cheat began (the honest warm-up): should be 0. */
  flaggedBeforeCheating: number;
}

function runCheaters(options: Options, zones: Zone[], kind: CheatKind, group: number): CheatResult {
  const durationMs = 30_000 + options.cheatMinutes * 60_000;
  const times: number[] = [];
  const detectedBy: Record<string, number> = {};
  const refusals = zeroRefusals();
  const transports: Record<string, number> = { frame: 0, json: 0 };
  let reachedLimit = 0;
  let cheatPositions = 0;
  let before = 0;
  for (let i = 0; i < options.cheatersPerKind; i++) {
    const zone = zones[i % zones.length];
    const agent = new MovementAgent(zone.grid, seededRandom(playerSeed(options.seed, 100 + group, i)), {
      kind,
      warps: zone.warps,
    });
    transports[agent.transport] += 1;
    let start: number | undefined;
    let detection: { at: number; by: string } | undefined;
    let peak = 0;
    let early = false;
    play(zone, agent, durationMs, (event, refusal, reasons, state) => {
      if (event.cheat) {
        cheatPositions += 1;
        start ??= event.at;
      }
      if (refusal) {
        refusals[refusal] += 1;
      }
      const crossed = peak < SUSPICION_LIMIT && state.suspicion >= SUSPICION_LIMIT;
      peak = Math.max(peak, state.suspicion);
      if (start === undefined) {
        early ||= refusal !== undefined || crossed;
        return;
      }
      if (!detection && (refusal || crossed)) {
        detection = {
          at: event.at,
          by: refusal ? `refused:${refusal}` : `suspicion:${[...new Set(reasons)].join('+')}`,
        };
      }
    });
    before += early ? 1 : 0;
    reachedLimit += peak >= SUSPICION_LIMIT ? 1 : 0;
    if (detection && start !== undefined) {
      times.push(detection.at - start);
      detectedBy[detection.by] = (detectedBy[detection.by] ?? 0) + 1;
    } else {
      detectedBy.undetected = (detectedBy.undetected ?? 0) + 1;
    }
  }
  times.sort((a, b) => a - b);
  const rank = (p: number): number | null =>
    times.length === 0 ? null : times[Math.min(times.length - 1, Math.ceil(p * times.length) - 1)];
  const median =
    times.length === 0
      ? null
      : times.length % 2 === 1
        ? times[(times.length - 1) / 2]
        : (times[times.length / 2 - 1] + times[times.length / 2]) / 2;
  return {
    kind,
    cheaters: options.cheatersPerKind,
    transports,
    detected: times.length,
    detectedShare: options.cheatersPerKind === 0 ? 0 : times.length / options.cheatersPerKind,
    medianMsToDetection: median,
    p90MsToDetection: rank(0.9),
    maxMsToDetection: times.length === 0 ? null : times[times.length - 1],
    detectedBy,
    reachedSuspicionLimit: reachedLimit,
    refusalsByReason: refusals,
    cheatPositions,
    flaggedBeforeCheating: before,
  };
}

const seconds = (ms: number | null): string => (ms === null ? '-' : `${(ms / 1000).toFixed(1)} s`);
const list = (record: Record<string, number>): string =>
  Object.entries(record)
    .filter(([, n]) => n > 0)
    .sort(([, a], [, b]) => b - a)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ') || '-';

function main(): void {
  const options = parse(process.argv.slice(2));
  const started = performance.now();
  const zones = loadZones(options.seed);
  const honest = runHonest(options, zones);
  const cheats = CHEAT_KINDS.map((kind, group) => runCheaters(options, zones, kind, group));
  const elapsedSec = (performance.now() - started) / 1000;

  const lines = [
    `## Movement on realistic play (seed ${options.seed}; ${MAPS.join(', ')}; ${elapsedSec.toFixed(1)} s)`,
    '',
    '| honest play | |',
    '|---|---|',
    `| players × minutes | ${honest.players} × ${options.minutes} = ${honest.playerMinutes.toLocaleString('en-US')} player-minutes (${honest.transports.frame} on frames, ${honest.transports.json} on JSON) |`,
    `| positions judged | ${honest.positionsJudged.toLocaleString('en-US')} (${list(honest.eventsByActivity)}) |`,
    `| reconnects | ${honest.reconnects} |`,
    `| refusals | ${honest.refusals} (${list(honest.refusalsByReason)}) |`,
    `| reached suspicion ${SUSPICION_LIMIT} (kick would disconnect) | ${honest.reachedSuspicionLimit} |`,
    `| max suspicion | ${honest.maxSuspicion} |`,
    `| suspicion raised by | ${list(honest.suspicionRaisedBy)} |`,
    '',
    '| cheat | cheaters | detected | median time to detection | p90 | max | detected by | reached 100 | flagged before cheating |',
    '|---|---|---|---|---|---|---|---|---|',
    ...cheats.map(
      (c) =>
        `| ${c.kind} | ${c.cheaters} (${c.transports.frame} frames, ${c.transports.json} JSON) | ${(c.detectedShare * 100).toFixed(0)} % | ${seconds(c.medianMsToDetection)} | ${seconds(c.p90MsToDetection)} | ${seconds(c.maxMsToDetection)} | ${list(c.detectedBy)} | ${c.reachedSuspicionLimit} | ${c.flaggedBeforeCheating} |`,
    ),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  if (honest.refusalExamples.length > 0) {
    process.stdout.write(`\nhonest refusals (first ${honest.refusalExamples.length}):\n`);
    for (const r of honest.refusalExamples) {
      process.stdout.write(`  ${r.player} ${r.reason}: ${JSON.stringify(r.previous)} -> ${JSON.stringify(r.event)}\n`);
    }
  }
  mkdirSync(join(options.out, '..'), { recursive: true });
  writeFileSync(
    options.out,
    `${JSON.stringify(
      {
        options: { ...options, out: undefined, maps: MAPS, rules: MOVEMENT_DEFAULTS, suspicionLimit: SUSPICION_LIMIT },
        elapsedSec: Math.round(elapsedSec * 10) / 10,
        honest,
        cheats,
      },
      null,
      2,
    )}\n`,
  );
  process.stdout.write(`\nwrote ${options.out}\n`);
}

main();
