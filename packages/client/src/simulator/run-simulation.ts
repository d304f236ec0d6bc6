import { randomBytes } from 'node:crypto';
import { JoinRefusedError } from '../client-events';
import { CoordinatorApi } from '../coordinator-api';
import { SimulationOptions, validateOptions } from './options';
import { fetchZoneMaps, runRealistic } from './realistic-run';
import { SessionResolver } from './session-resolver';
import { PlayerContext, SimPlayer } from './sim-player';
import { SimulationStats, SimulationSummary } from './stats';
import { summarize } from './summary';
import { World, seededRandom } from './world';

export interface ProgressSnapshot {
  elapsedSec: number;
  players: number;
  connected: number;
  sentPerSec: number;
  receivedPerSec: number;
  errors: number;
}

export interface RunHooks {
  onProgress?: (progress: ProgressSnapshot) => void;
  progressIntervalMs?: number;
  /** Ends the run early (e.g. on Ctrl-C); the summary still comes back. */
  signal?: AbortSignal;
}

const TICK_MS = 50;

/**
 * Runs one simulation and resolves with its summary. Bounded: the options are validated (player
 * count, duration, loopback URLs) and every timer and socket is released before it resolves.
 */
export async function runSimulation(options: SimulationOptions, hooks: RunHooks = {}): Promise<SimulationSummary> {
  validateOptions(options);
  const runId = randomBytes(3).toString('hex');
  const random = seededRandom(options.seed);
  const stats = new SimulationStats();
  const adminApi = new CoordinatorApi({ baseUrl: options.urls[0], apiKey: options.apiKey });
  if (options.auth) {
    await adminApi.requestToken({ shape: 'reference', playerId: `sim-admin-${runId}`, apiKey: options.apiKey });
  }
  if (options.movement === 'realistic') {
    const maps = await fetchZoneMaps(adminApi, options.zones);
    if (maps.size > 0) {
      return runRealistic(options, maps, hooks);
    }
    // No zone has a map (no MAP_CACHE_FILE): the random walk, without cheaters.
  }
  const ctx: PlayerContext = {
    world: new World(options.world, random),
    random,
    stats,
    resolver: new SessionResolver(adminApi, runId),
    auth: options.auth,
  };
  const referenceCount = Math.round(options.players * options.dialectMix);
  const players = Array.from({ length: options.players }, (_, i) => {
    // Spread the reference-dialect players evenly through the list rather than first-come.
    const reference =
      Math.floor(((i + 1) * referenceCount) / options.players) > Math.floor((i * referenceCount) / options.players);
    return new SimPlayer(
      options.urls[i % options.urls.length],
      `sim-${runId}-${i}`,
      reference ? 'reference' : 'dll',
      options.zones[i % options.zones.length],
      options.reconnectBaseMs,
      options.apiKey,
      ctx,
    );
  });

  const started = performance.now();
  const timers = new Set<NodeJS.Timeout>();
  let stopping = false;
  const startPlayer = (player: SimPlayer): Promise<void> =>
    player.start().catch((error: unknown) => {
      // A refused join was already counted from the client's error event; stopping cuts joins short.
      if (!(error instanceof JoinRefusedError) && !stopping) {
        const code = (error as { code?: unknown }).code;
        stats.error(typeof code === 'string' && /^[A-Z_]+$/.test(code) ? `CONNECT_FAILED:${code}` : 'CONNECT_FAILED');
      }
    });

  const done = new Promise<void>((resolve) => {
    const end = setTimeout(resolve, options.durationSec * 1000);
    timers.add(end);
    hooks.signal?.addEventListener('abort', () => resolve(), { once: true });
  });

  // Ramp-up: a bounded number of connects in flight, like a town filling after a restart.
  const queue = [...players];
  const ramp = Promise.all(
    Array.from({ length: Math.min(options.connectConcurrency, players.length) }, async () => {
      for (let player = queue.shift(); player && !stopping; player = queue.shift()) {
        await startPlayer(player);
      }
    }),
  );

  let last = performance.now();
  timers.add(
    setInterval(() => {
      const now = performance.now();
      players.forEach((player) => player.tick(now, now - last, options.relayRate));
      last = now;
    }, TICK_MS),
  );

  if (options.churnPerMinute > 0) {
    timers.add(setInterval(() => churn(players, options, ctx, timers, startPlayer), 60_000 / options.churnPerMinute));
  }

  if (hooks.onProgress) {
    let previous = { at: started, sent: 0, received: 0 };
    timers.add(
      setInterval(() => {
        const now = performance.now();
        const sent = players.reduce((n, p) => n + p.client.traffic.totalSent, 0);
        const received = players.reduce((n, p) => n + p.client.traffic.totalReceived, 0);
        const seconds = Math.max(0.001, (now - previous.at) / 1000);
        hooks.onProgress?.({
          elapsedSec: (now - started) / 1000,
          players: players.length,
          connected: players.filter((p) => p.active && p.client.connected).length,
          sentPerSec: (sent - previous.sent) / seconds,
          receivedPerSec: (received - previous.received) / seconds,
          errors: stats.errorCount,
        });
        previous = { at: now, sent, received };
      }, hooks.progressIntervalMs ?? 1000),
    );
  }

  await done;
  stopping = true;
  timers.forEach((timer) => clearTimeout(timer));
  await ramp;
  await Promise.all(players.map((player) => player.client.close()));
  return summarize(players, stats, (performance.now() - started) / 1000);
}

/** One churn event: a player leaves and comes back a little later, or walks into another zone. */
function churn(
  players: SimPlayer[],
  options: SimulationOptions,
  ctx: PlayerContext,
  timers: Set<NodeJS.Timeout>,
  start: (p: SimPlayer) => Promise<void>,
): void {
  const active = players.filter((player) => player.active);
  if (active.length === 0) {
    return;
  }
  const player = active[Math.floor(ctx.random() * active.length)];
  const others = options.zones.filter((zone) => zone !== player.zone);
  if (others.length > 0 && ctx.random() < 0.5) {
    const zone = others[Math.floor(ctx.random() * others.length)];
    player.changeZone(zone).catch(() => ctx.stats.error('ZONE_CHANGE_FAILED'));
    return;
  }
  void player.leave().then(() => {
    const back = setTimeout(
      () => {
        timers.delete(back);
        void start(player);
      },
      1000 + ctx.random() * 2000,
    );
    timers.add(back);
  });
}
