import { randomBytes } from 'node:crypto';
import { CoordinatorApiError } from '../rest-client';
import { CoordinatorApi } from '../coordinator-api';
import { CoordinatorClient } from '../coordinator-client';
import { AgentKind, CHEAT_KINDS, MoveEvent, MovementAgent, pickWarps } from './movement-agent';
import { SimulationOptions } from './options';
import { RunHooks } from './run-simulation';
import { SimulationStats, SimulationSummary } from './stats';
import { summarize } from './summary';
import { WalkableMap, walkableMapFromZoneMap } from './walkable-map';
import { seededRandom, Random } from './world';

const TICK_MS = 20;

/** Per player kind (honest, or a cheat): what the coordinator answered. */
export interface MovementKindSummary {
  players: number;
  positionsSent: { frame: number; json: number };
  /** IMPLAUSIBLE_MOVE errors received, by `reason`. */
  implausibleMoves: Record<string, number>;
  /** Players that received at least one IMPLAUSIBLE_MOVE. */
  playersRefused: number;
  /** Reconnects the behaviour asked for (closed and reopened by the simulator). */
  reconnects: number;
  /** Sockets closed by the coordinator or the network, not by the simulator. */
  unaskedDisconnects: number;
}

export interface MovementSummary {
  mode: 'realistic';
  /** The zones played with their map (from `GET /api/v1/zones/{zone}/map`). */
  zones: string[];
  byKind: Record<string, MovementKindSummary>;
  /** Peer ids per kind, so a caller can read their movement records. */
  peers: Record<string, string[]>;
}

/**
 * Fetches each zone's map; zones without one (404 MAP_NOT_AVAILABLE) are left out. Undefined when
 * no zone has a map: the caller then runs the random-walk simulation instead.
 */
export async function fetchZoneMaps(api: CoordinatorApi, zones: readonly string[]): Promise<Map<string, WalkableMap>> {
  const maps = new Map<string, WalkableMap>();
  for (const zone of zones) {
    try {
      maps.set(zone, walkableMapFromZoneMap(await api.zoneMap(zone)));
    } catch (error) {
      if (!(error instanceof CoordinatorApiError && error.status === 404)) {
        throw error;
      }
    }
  }
  return maps;
}

/** One player driven by a MovementAgent in real time: frames or JSON positions, real reconnects. */
class RealisticPlayer {
  readonly client: CoordinatorClient;
  private started = 0;
  private busy = true;
  private closingByUs = false;
  refused = false;

  constructor(
    url: string,
    readonly peerId: string,
    readonly zone: string,
    readonly agent: MovementAgent,
    readonly stats: MovementKindSummary,
    runStats: SimulationStats,
    options: SimulationOptions,
    private readonly stopping: () => boolean,
  ) {
    this.client = new CoordinatorClient({
      url,
      peerId,
      apiKey: options.apiKey,
      reconnect: { baseMs: options.reconnectBaseMs },
    });
    this.client.on('session', () => runStats.joined(peerId));
    this.client.on('error', (error) => {
      if (error.code === 'IMPLAUSIBLE_MOVE') {
        const reason = error.reason ?? 'unknown';
        stats.implausibleMoves[reason] = (stats.implausibleMoves[reason] ?? 0) + 1;
        this.refused = true;
      } else {
        runStats.error(error.reason ? `${error.code}:${error.reason}` : error.code);
      }
    });
    this.client.on('closed', () => {
      if (!this.closingByUs && !this.stopping()) {
        stats.unaskedDisconnects += 1;
      }
    });
  }

  async start(auth: boolean): Promise<void> {
    if (auth && !this.client.api.accessToken) {
      await this.client.api.requestToken({ shape: 'dll', peerId: this.peerId });
    }
    await this.client.connect();
    await this.client.join({ zone: this.zone });
    this.started = performance.now();
    this.busy = false;
  }

  /** Sends every event that has fallen due (a lag burst's events fall due together). */
  tick(now: number): void {
    if (this.busy || !this.client.connected) {
      return;
    }
    const elapsed = now - this.started;
    while (this.agent.peek().at <= elapsed) {
      const event = this.agent.next();
      if (event.reconnect) {
        this.busy = true;
        this.reconnect().then(
          () => {
            this.busy = false;
            this.send(event);
          },
          () => (this.busy = false),
        );
        return;
      }
      this.send(event);
    }
  }

  private send(event: MoveEvent): void {
    const sent =
      event.transport === 'frame'
        ? this.client.sendPosition(event.x, event.y, { walkSpeedMs: event.declaredMsPerCell })
        : this.client.sendJsonPosition(event.x, event.y);
    if (sent) {
      this.stats.positionsSent[event.transport] += 1;
    }
  }

  /** A real reconnect: the socket closed by the player and a new one opened, then the zone rejoined. */
  private async reconnect(): Promise<void> {
    this.closingByUs = true;
    try {
      await this.client.close();
    } finally {
      this.closingByUs = false;
    }
    if (this.stopping()) {
      return;
    }
    this.stats.reconnects += 1;
    await this.client.connect();
    await this.client.join({ zone: this.zone });
  }
}

const emptyKind = (): MovementKindSummary => ({
  players: 0,
  positionsSent: { frame: 0, json: 0 },
  implausibleMoves: {},
  playersRefused: 0,
  reconnects: 0,
  unaskedDisconnects: 0,
});

/**
 * `--movement realistic`: `options.players` honest players and `options.cheaters` cheaters (kinds in
 * turn from `options.cheatKinds`) moving on the zones' real maps, in real time.
 */
export async function runRealistic(
  options: SimulationOptions,
  maps: Map<string, WalkableMap>,
  hooks: RunHooks = {},
): Promise<SimulationSummary> {
  const runId = randomBytes(3).toString('hex');
  const stats = new SimulationStats();
  const zones = options.zones.filter((zone) => maps.has(zone));
  const warps = new Map(
    zones.map((zone, i) => [zone, pickWarps(maps.get(zone)!, seededRandom(options.seed * 31 + i))]),
  );
  const byKind: Record<string, MovementKindSummary> = {};
  const peers: Record<string, string[]> = {};
  const kinds = options.cheatKinds && options.cheatKinds.length > 0 ? options.cheatKinds : [...CHEAT_KINDS];
  let stopping = false;
  const players: RealisticPlayer[] = [];
  const total = options.players + (options.cheaters ?? 0);
  for (let i = 0; i < total; i++) {
    const kind: AgentKind = i < options.players ? 'honest' : kinds[(i - options.players) % kinds.length];
    const zone = zones[i % zones.length];
    const random: Random = seededRandom((Math.imul(options.seed, 0x9e3779b1) ^ Math.imul(i + 1, 0x85ebca6b)) >>> 0);
    const agent = new MovementAgent(maps.get(zone)!, random, {
      kind,
      warps: warps.get(zone),
      // Live runs are short: cheaters start after a few seconds of honest play.
      cheatAfterMs: kind === 'honest' ? undefined : (options.cheatAfterMs ?? 3000),
    });
    const peerId = `sim-${runId}-${kind === 'honest' ? 'h' : kind}-${i}`;
    const kindStats = (byKind[kind] ??= emptyKind());
    kindStats.players += 1;
    (peers[kind] ??= []).push(peerId);
    players.push(
      new RealisticPlayer(
        options.urls[i % options.urls.length],
        peerId,
        zone,
        agent,
        kindStats,
        stats,
        options,
        () => stopping,
      ),
    );
  }

  const started = performance.now();
  const timers = new Set<NodeJS.Timeout>();
  const done = new Promise<void>((resolve) => {
    timers.add(setTimeout(resolve, options.durationSec * 1000));
    hooks.signal?.addEventListener('abort', () => resolve(), { once: true });
  });
  const queue = [...players];
  const ramp = Promise.all(
    Array.from({ length: Math.min(options.connectConcurrency, players.length) }, async () => {
      for (let player = queue.shift(); player && !stopping; player = queue.shift()) {
        await player.start(options.auth).catch((error: unknown) => {
          if (!stopping) {
            const code = (error as { code?: unknown }).code;
            stats.error(
              typeof code === 'string' && /^[A-Z_]+$/.test(code) ? `CONNECT_FAILED:${code}` : 'CONNECT_FAILED',
            );
          }
        });
      }
    }),
  );
  timers.add(setInterval(() => players.forEach((player) => player.tick(performance.now())), TICK_MS));
  if (hooks.onProgress) {
    timers.add(
      setInterval(() => {
        hooks.onProgress?.({
          elapsedSec: (performance.now() - started) / 1000,
          players: players.length,
          connected: players.filter((p) => p.client.connected).length,
          sentPerSec: 0,
          receivedPerSec: 0,
          errors: stats.errorCount,
        });
      }, hooks.progressIntervalMs ?? 1000),
    );
  }
  await done;
  stopping = true;
  timers.forEach((timer) => clearTimeout(timer));
  await ramp;
  await Promise.all(players.map((player) => player.client.close()));
  for (const player of players) {
    player.stats.playersRefused += player.refused ? 1 : 0;
  }
  const summary = summarize(players, stats, (performance.now() - started) / 1000);
  summary.movement = { mode: 'realistic', zones, byKind, peers };
  return summary;
}
