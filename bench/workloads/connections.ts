/**
 * Workload 2, connections: idle WebSocket peers on one node. Resident memory per connection
 * (RSS with the peers connected minus RSS idle, over the peer count) and connect rate, for the
 * coordinator (peers identified with ?peer_id= and a token) and for a bare `ws` server.
 */
import { ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import { flushRedis, freshDatabase, startCoordinator } from '../lib/coordinator';
import { port, rssBytes, Server, sleep, startNode, stop } from '../lib/proc';
import { repoRoot } from '../lib/report';
import { spread, Spread } from '../lib/stats';

export interface ConnectionsOptions {
  peers: number;
  repeats: number;
  /** Sockets per client process: each process has its own file-descriptor limit. */
  perClient: number;
  settleMs: number;
  /** Smoke runs fail on any failed connect; full runs report failures (with reasons) and go on. */
  failOnError: boolean;
}

export interface ConnectionsRow {
  target: string;
  peers: number;
  connected: Spread;
  /** Failed connects per run, by reason. */
  failures: Array<Record<string, number>>;
  rssPerConnectionKiB: Spread;
  connectsPerSecond: Spread;
}

interface Report {
  open: number;
  failed: number;
  seconds: number;
  reasons: Record<string, number>;
}

function spawnClient(prefix: string, first: number, count: number): { child: ChildProcess; done: Promise<Report> } {
  const child = fork(join(__dirname, 'connections-client.js'), [prefix, String(first), String(count), '200'], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const done = new Promise<Report>((resolve, reject) => {
    child.once('message', (message) => resolve(message as Report));
    child.once('exit', (code) => reject(new Error(`connections client exited with ${code}`)));
  });
  // Forked children inherit this process's pinning to the load core.
  return { child, done };
}

async function once(
  target: string,
  start: () => Promise<Server>,
  url: (server: Server) => string,
  options: ConnectionsOptions,
): Promise<{
  connected: number;
  rssPerConnectionKiB: number;
  connectsPerSecond: number;
  reasons: Record<string, number>;
}> {
  const server = await start();
  const clients: ChildProcess[] = [];
  try {
    await sleep(1000);
    const idle = rssBytes(server.pid);
    const spawned = [];
    for (let first = 0; first < options.peers; first += options.perClient) {
      const { child, done } = spawnClient(url(server), first, Math.min(options.perClient, options.peers - first));
      clients.push(child);
      spawned.push(done);
    }
    const reports = await Promise.all(spawned);
    // The clients connect in parallel: the slowest one's time is the batch's.
    const seconds = Math.max(...reports.map((r) => r.seconds));
    const open = reports.reduce((s, r) => s + r.open, 0);
    const failed = reports.reduce((s, r) => s + r.failed, 0);
    const reasons = reports.reduce<Record<string, number>>((all, r) => {
      for (const [why, n] of Object.entries(r.reasons)) {
        all[why] = (all[why] ?? 0) + n;
      }
      return all;
    }, {});
    if (options.failOnError && (failed > 0 || open !== options.peers)) {
      throw new Error(
        `${target}: ${open} of ${options.peers} connected, ${failed} failed: ${JSON.stringify(reasons)}\n${server.output().slice(-2000)}`,
      );
    }
    await sleep(options.settleMs); // identification (Redis) and GC settle before memory is read
    const rss = rssBytes(server.pid);
    return {
      connected: open,
      rssPerConnectionKiB: (rss - idle) / open / 1024,
      connectsPerSecond: open / seconds,
      reasons,
    };
  } finally {
    for (const child of clients) {
      if (child.connected) {
        child.send('close');
      }
    }
    await stop(server);
  }
}

export async function runConnections(
  options: ConnectionsOptions,
  log: (line: string) => void,
): Promise<ConnectionsRow[]> {
  const wsScript = join(repoRoot(), 'dist', 'bench', 'baselines', 'ws-relay.js');
  const targets: Array<[string, () => Promise<Server>, (server: Server) => string]> = [
    [
      'coordinator',
      async () => {
        await freshDatabase();
        await flushRedis();
        return startCoordinator({ jwt: true });
      },
      // Each client mints its peers' tokens (the subject must equal the peer id).
      (server) => `coordinator:ws://127.0.0.1:${server.port}/api/v1/signaling/ws`,
    ],
    [
      'bare ws',
      async () => {
        const p = port();
        return startNode('ws', wsScript, [String(p)], p);
      },
      (server) => `plain:ws://127.0.0.1:${server.port}/`,
    ],
  ];
  const rows: ConnectionsRow[] = [];
  for (const [name, start, url] of targets) {
    const runs = [];
    for (let r = 0; r < options.repeats; r++) {
      const run = await once(name, start, url, options);
      log(
        `  ${name}, run ${r + 1}: ${run.connected} peers, ${run.rssPerConnectionKiB.toFixed(1)} KiB/connection, ${Math.round(run.connectsPerSecond)} connects/s, failed ${JSON.stringify(run.reasons)}`,
      );
      runs.push(run);
    }
    rows.push({
      target: name,
      peers: options.peers,
      connected: spread(runs.map((x) => x.connected)),
      failures: runs.map((x) => x.reasons),
      rssPerConnectionKiB: spread(runs.map((x) => x.rssPerConnectionKiB)),
      connectsPerSecond: spread(runs.map((x) => x.connectsPerSecond)),
    });
  }
  return rows;
}
