/**
 * Workload 4, joins: DLL peers send `create_session` at a fixed rate (200/s) on already-open
 * sockets; latency is create_session sent → session_created received. Real PostgreSQL and Redis,
 * JWT validation on (the token rides in the message, as the DLL sends it). Measured twice: on a
 * settled node, and while the previous run's thousand members disconnect at once.
 */
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { createZone, flushRedis, freshDatabase, mintToken, startCoordinator } from '../lib/coordinator';
import { sleep, stop } from '../lib/proc';
import { ascending, percentile, spread, Spread } from '../lib/stats';
import { openSocket } from './relay-targets';

export interface JoinsOptions {
  perSecond: number;
  seconds: number;
  repeats: number;
  zoneMaxPlayers: number;
  /** Smoke runs fail on any refused join; full runs count refusals and report them. */
  failOnError: boolean;
}

/** One row of the table: the medians (min–max) of the measured runs. */
export interface JoinsRow {
  joins: number;
  p50Ms: Spread;
  p99Ms: Spread;
  maxMs: Spread;
  achievedPerSecond: Spread;
}

export interface JoinsResult {
  /** Each run on sockets opened beforehand, after the previous run's sockets closed and settled. */
  steady: JoinsRow;
  /** Each run while the previous run's members (a whole zone of them) disconnect at its first join. */
  churn: JoinsRow;
  /** Joins answered with an error (e.g. DATABASE_UNAVAILABLE), by message; not in the latencies. */
  refused: Record<string, number>;
}

interface RunResult {
  latencies: number[];
  perSecond: number;
  /** This run's sockets, still open: the caller closes them. */
  sockets: WebSocket[];
  /** The load generator's longest event-loop stall during the schedule, which would read as join latency. */
  loopMaxMs: number;
}

const ZONE = 'bench_joins';
/**
 * Peers leave with a clean close (1000), as the DLL does when it leaves P2P zones: that leaves the
 * session at once, where an abnormal drop (1006, terminate) may keep the seat for a while.
 */
const CLEAN_CLOSE = 1000;

/**
 * One run: `perSecond × seconds` joins, each on its own socket opened (and its token minted)
 * beforehand. `leaving` (the previous run's sockets) are closed together at the first join.
 */
async function oneRun(
  url: string,
  run: number | string,
  options: JoinsOptions,
  refused: Record<string, number>,
  leaving: WebSocket[] = [],
): Promise<RunResult> {
  const count = options.perSecond * options.seconds;
  const sockets: WebSocket[] = [];
  const tokens: string[] = [];
  for (let i = 0; i < count; i++) {
    sockets.push(await openSocket(url));
    // Minted ahead: signing in the schedule would delay the load generator, not the coordinator.
    tokens.push(mintToken(`join${run}-${i}`));
  }
  const latencies: number[] = [];
  const interval = 1000 / options.perSecond;
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  const t0 = performance.now();
  leaving.forEach((socket) => socket.close(CLEAN_CLOSE));
  const done = sockets.map(
    (socket, i) =>
      new Promise<void>((resolve, reject) => {
        const peerId = `join${run}-${i}`;
        let sentAt = 0;
        socket.on('message', (data: WebSocket.RawData) => {
          const text = (data as Buffer).toString();
          // Every join sends peer_joined to the session's other members (thousands a second here);
          // parsing those would keep the load generator busy and inflate the latencies it reads.
          if (!text.includes('"session_created"') && !text.includes('"error"')) {
            return;
          }
          const msg = JSON.parse(text) as { type: string };
          if (msg.type === 'session_created') {
            latencies.push(performance.now() - sentAt);
            resolve();
          } else if (msg.type === 'error') {
            if (options.failOnError) {
              reject(new Error(`join ${peerId}: ${(data as Buffer).toString()}`));
              return;
            }
            const code = (msg as { code?: string }).code ?? 'error';
            refused[code] = (refused[code] ?? 0) + 1;
            resolve();
          }
        });
        // Each join at its own slot of the schedule, not all at once.
        setTimeout(
          () => {
            sentAt = performance.now();
            socket.send(
              JSON.stringify({
                type: 'create_session',
                peer_id: peerId,
                zone: ZONE,
                token: tokens[i],
                capabilities: { webrtc: true },
              }),
            );
          },
          Math.max(0, t0 + i * interval - performance.now()),
        );
      }),
  );
  await Promise.all(done);
  loop.disable();
  return { latencies, perSecond: count / ((performance.now() - t0) / 1000), sockets, loopMaxMs: loop.max / 1e6 };
}

async function closeAndSettle(sockets: WebSocket[]): Promise<void> {
  sockets.forEach((socket) => socket.close(CLEAN_CLOSE));
  await sleep(2000); // leaves are recorded before the next run
}

/** Runs `repeats` measured runs through `measure` and folds them into a row, logging each. */
async function measureRow(
  label: string,
  options: JoinsOptions,
  log: (line: string) => void,
  measure: (r: number) => Promise<RunResult>,
): Promise<JoinsRow> {
  const runs: Array<{ p50: number; p99: number; max: number; perSecond: number; joins: number }> = [];
  for (let r = 0; r < options.repeats; r++) {
    const { latencies, perSecond, loopMaxMs } = await measure(r);
    const sorted = ascending(latencies);
    const row = {
      p50: percentile(sorted, 0.5),
      p99: percentile(sorted, 0.99),
      max: sorted[sorted.length - 1],
      perSecond,
      joins: latencies.length,
    };
    log(
      `  ${label}, run ${r + 1}: ${row.joins} joins at ${perSecond.toFixed(0)}/s, p50 ${row.p50.toFixed(2)} ms, p99 ${row.p99.toFixed(2)} ms, max ${row.max.toFixed(1)} ms; load generator's longest stall ${loopMaxMs.toFixed(1)} ms`,
    );
    runs.push(row);
  }
  return {
    joins: runs.reduce((s, x) => s + x.joins, 0),
    p50Ms: spread(runs.map((x) => x.p50)),
    p99Ms: spread(runs.map((x) => x.p99)),
    maxMs: spread(runs.map((x) => x.max)),
    achievedPerSecond: spread(runs.map((x) => x.perSecond)),
  };
}

export async function runJoins(options: JoinsOptions, log: (line: string) => void): Promise<JoinsResult> {
  await freshDatabase();
  await flushRedis();
  // Sockets are opened ahead of their join: the identify grace must outlast the schedule.
  const server = await startCoordinator({ jwt: true, env: { WS_IDENTIFY_GRACE_MS: '600000' } });
  try {
    await createZone(`http://127.0.0.1:${server.port}`, ZONE, options.zoneMaxPlayers);
    const url = `ws://127.0.0.1:${server.port}/api/v1/signaling/ws`;
    const refused: Record<string, number> = {};
    // One unmeasured second at the same rate first: JIT, pools and caches warm, as in the relay workload.
    await closeAndSettle((await oneRun(url, 'warmup', { ...options, seconds: 1 }, {})).sockets);
    const steady = await measureRow('steady', options, log, async (r) => {
      const run = await oneRun(url, r, options, refused);
      await closeAndSettle(run.sockets);
      return run;
    });
    // An unmeasured run seats the first zone full of members; each measured run then joins while
    // the previous one's members all disconnect at its first join (a map emptying as another fills).
    let previous = (await oneRun(url, 'churn-seed', options, refused)).sockets;
    const churn = await measureRow('churn', options, log, async (r) => {
      const run = await oneRun(url, `churn${r}`, options, refused, previous);
      previous = run.sockets;
      return run;
    });
    await closeAndSettle(previous);
    return { steady, churn, refused };
  } finally {
    await stop(server);
  }
}
