/**
 * Workload 3, REST: heartbeats (round-robin over 100 hosts) and host reads, autocannon with 50
 * connections, against the coordinator and against bare Fastify + pg doing each job in one statement.
 * Both servers run side by side on the server core; each measurement alternates between them.
 */
import autocannon from 'autocannon';
import { join } from 'node:path';
import { databaseUrl, freshDatabase, rest, startCoordinator } from '../lib/coordinator';
import { cpuSeconds, port, Server, startNode, stop } from '../lib/proc';
import { repoRoot } from '../lib/report';
import { spread, Spread } from '../lib/stats';

export interface RestOptions {
  seconds: number;
  repeats: number;
  connections: number;
  hosts: number;
}

export type Route = 'heartbeat' | 'read';

export interface RestRow {
  target: string;
  route: Route;
  requestsPerSecond: Spread;
  p50Ms: Spread;
  p99Ms: Spread;
  /** Server CPU (user + system) per answered request: steadier than req/s on a shared machine. */
  cpuUsPerRequest: Spread;
}

const HEARTBEAT = JSON.stringify({
  latency_ms: 20,
  packet_loss_percent: 0.1,
  bandwidth_usage_mbps: 12.5,
  current_players: 5,
  current_zones: 1,
});

function hostBody(n: number): Record<string, unknown> {
  return {
    host_id: `bench-host-${n}`,
    player_id: `bench-player-${n}`,
    player_name: `Bench${n}`,
    ip_address: '192.0.2.10',
    port: 7000 + n,
    cpu_cores: 8,
    cpu_frequency_mhz: 3600,
    memory_mb: 16384,
    network_speed_mbps: 1000,
  };
}

interface Sample {
  result: autocannon.Result;
  cpuUsPerRequest: number;
}

async function load(server: Server, route: Route, options: RestOptions): Promise<Sample> {
  let next = 0;
  const path = (): string => {
    next = (next + 1) % options.hosts;
    return `/api/v1/hosts/bench-host-${next}${route === 'heartbeat' ? '/heartbeat' : ''}`;
  };
  const cpuBefore = cpuSeconds(server.pid);
  const result = await autocannon({
    url: `http://127.0.0.1:${server.port}`,
    connections: options.connections,
    duration: options.seconds,
    requests: [
      route === 'heartbeat'
        ? {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: HEARTBEAT,
            setupRequest: (r) => ({ ...r, path: path() }),
          }
        : { method: 'GET', setupRequest: (r) => ({ ...r, path: path() }) },
    ],
  });
  if (result.non2xx > 0 || result.errors > 0 || result['2xx'] === 0) {
    throw new Error(`${server.name} ${route}: ${result.non2xx} non-2xx, ${result.errors} errors, ${result['2xx']} ok`);
  }
  return { result, cpuUsPerRequest: ((cpuSeconds(server.pid) - cpuBefore) * 1e6) / result.requests.total };
}

export async function runRest(options: RestOptions, log: (line: string) => void): Promise<RestRow[]> {
  await freshDatabase();
  // The REST rate limiter (per IP) would answer 429 to a load generator on one address: off here.
  const coordinator = await startCoordinator({ env: { RATE_LIMIT_ENABLED: 'false' } });
  let baseline: Server | undefined;
  try {
    const base = `http://127.0.0.1:${coordinator.port}`;
    for (let n = 0; n < options.hosts; n++) {
      await rest(base, 'POST', '/api/v1/hosts/register', hostBody(n));
    }
    const baselinePort = port();
    baseline = await startNode(
      'fastify-pg',
      join(repoRoot(), 'dist', 'bench', 'baselines', 'fastify-pg.js'),
      [String(baselinePort), databaseUrl()],
      baselinePort,
    );
    const targets: Array<[string, Server]> = [
      ['coordinator', coordinator],
      ['bare Fastify + pg', baseline],
    ];
    const samples = new Map<string, Sample[]>();
    for (let r = 0; r < options.repeats; r++) {
      for (const route of ['heartbeat', 'read'] as Route[]) {
        for (const [name, server] of targets) {
          const sample = await load(server, route, options);
          const { result } = sample;
          log(
            `  ${name} ${route}, run ${r + 1}: ${Math.round(result.requests.average)} req/s, p99 ${result.latency.p99} ms, ${Math.round(sample.cpuUsPerRequest)} µs CPU/req`,
          );
          samples.set(`${name}|${route}`, [...(samples.get(`${name}|${route}`) ?? []), sample]);
        }
      }
    }
    return [...samples].map(([key, runs]) => {
      const [target, route] = key.split('|') as [string, Route];
      const results = runs.map((run) => run.result);
      return {
        target,
        route,
        requestsPerSecond: spread(results.map((x) => x.requests.average)),
        p50Ms: spread(results.map((x) => x.latency.p50)),
        p99Ms: spread(results.map((x) => x.latency.p99)),
        cpuUsPerRequest: spread(runs.map((run) => run.cpuUsPerRequest)),
      };
    });
  } finally {
    await stop(coordinator);
    if (baseline) {
      await stop(baseline);
    }
  }
}
