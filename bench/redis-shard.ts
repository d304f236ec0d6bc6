/**
 * Redis CPU per live-state operation on a Redis Cluster, through the coordinator's own stores: the
 * per-shard figures of the capacity model (docs/operations.md, "Capacity model").
 *
 *   node scripts/bench.js --entry shard [-- --ops 50000 --runs 3]
 *
 * Runs against BENCH_REDIS_CLUSTER_NODES, or the local three-master cluster of
 * scripts/redis-cluster.sh (started when not running). CPU is `used_cpu_user + used_cpu_sys` from
 * INFO of every master, summed, before and after each run, divided by the operations: CPU time per
 * operation holds up on a loaded machine, where throughput does not.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import Redis, { Cluster } from 'ioredis';
import { RedisMembershipStore } from '../src/state/redis/membership.redis.store';
import { RedisMovementStore } from '../src/state/redis/movement.redis.store';
import { RedisNodeInbox } from '../src/state/redis/node-inbox.redis.store';
import { RedisPresenceStore } from '../src/state/redis/presence.redis.store';

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const OPS = arg('ops', 50_000);
const RUNS = arg('runs', 3);
const PREFIX = `shardbench${process.pid}:`;
const RECORD = JSON.stringify({ zone: 'prontera', x: 150, y: 180, at: 1_700_000_000_000, pad: 'x'.repeat(130) });
const SIGNAL = JSON.stringify({ kind: 'signal', to: 'bob', body: { candidate: 'c'.repeat(240) } });

function seeds(): { host: string; port: number }[] {
  const named =
    process.env.BENCH_REDIS_CLUSTER_NODES ??
    execFileSync(join(__dirname, '..', '..', 'scripts', 'redis-cluster.sh'), ['start'], { encoding: 'utf8' }).trim();
  return named.split(',').map((seed) => {
    const at = seed.lastIndexOf(':');
    return { host: seed.slice(0, at), port: Number(seed.slice(at + 1)) };
  });
}

async function cpuUs(cluster: Cluster): Promise<number> {
  const infos = await Promise.all(cluster.nodes('master').map((node) => node.info('cpu')));
  const field = (info: string, name: string): number => Number(new RegExp(`^${name}:([\\d.]+)`, 'm').exec(info)?.[1]);
  return infos.reduce((sum, info) => sum + (field(info, 'used_cpu_user') + field(info, 'used_cpu_sys')) * 1e6, 0);
}

const ids = (n: number, tag: string): string[] => Array.from({ length: n }, (_, i) => `${tag}${i}`);

async function main(): Promise<void> {
  const options = { enableOfflineQueue: false, enableAutoPipelining: true, redisOptions: { maxRetriesPerRequest: 1 } };
  const cluster = new Redis.Cluster(seeds(), options);
  await new Promise<void>((resolve) => cluster.once('ready', resolve));
  const publisher = cluster.duplicate([], { enableAutoPipelining: true });
  const subscriber = cluster.duplicate([], { enableOfflineQueue: true, shardedSubscribers: true });
  const store = { keyPrefix: PREFIX, cluster: true };
  const movement = new RedisMovementStore(cluster, store);
  const presence = new RedisPresenceStore(cluster, store);
  const membership = new RedisMembershipStore(cluster, store);
  const inbox = new RedisNodeInbox(publisher, subscriber, store);
  let received = 0;
  // The receiving dispatcher unpacks a batch: the handler sees every signal.
  await inbox.subscribe('bench-b', () => {
    received += 1;
  });
  const peers = ids(OPS, 'p');
  const publishTurns = async (perTurn: number): Promise<void> => {
    const target = received + OPS;
    for (let sent = 0; sent < OPS; sent += perTurn) {
      await Promise.all(Array.from({ length: perTurn }, () => inbox.publishEncoded('bench-b', SIGNAL)));
    }
    while (received < target) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  };

  // The route row counts only the refresh: the claims that set it up are measured apart.
  let claimCost = -1;
  const ops: [string, () => Promise<void>][] = [
    [
      'movement record written (`SET … PX`, ~200 bytes, batches of 1,000)',
      async () => {
        for (let i = 0; i < OPS; i += 1_000) {
          await movement.putMany(new Map(peers.slice(i, i + 1_000).map((p) => [p, RECORD])), 60_000);
        }
      },
    ],
    [
      'route refreshed (one-key script per route)',
      async () => {
        await Promise.all(peers.map((p) => presence.claim(p, { nodeId: 'n', connId: `c${p}`, since: 0 }, 60_000)));
        const before = await cpuUs(cluster);
        await presence.refresh(new Map(peers.map((p) => [p, `c${p}`])), 60_000);
        claimCost = (await cpuUs(cluster)) - before;
      },
    ],
    [
      'membership join (sessions of 50)',
      async () => {
        for (let i = 0; i < OPS; i += 500) {
          await Promise.all(
            peers.slice(i, i + 500).map((p, j) => membership.join(`s${Math.floor((i + j) / 50)}`, p, 60_000)),
          );
        }
      },
    ],
    ['membership refreshed (scripts of 500 members)', () => membership.refresh(peers, 60_000).then(() => undefined)],
    ['signal to another node, one per turn (`SPUBLISH`)', () => publishTurns(1)],
    ['signal to another node, 16 per turn (one batched `SPUBLISH`)', () => publishTurns(16)],
  ];

  console.log(`| operation | Redis CPU µs per operation, median (min–max) of ${RUNS} runs of ${OPS} |\n| --- | --- |`);
  for (const [name, run] of ops) {
    const perOp: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      claimCost = -1;
      const before = await cpuUs(cluster);
      await run();
      const total = claimCost >= 0 ? claimCost : (await cpuUs(cluster)) - before;
      perOp.push(total / OPS);
    }
    perOp.sort((a, b) => a - b);
    const f = (v: number): string => v.toFixed(2);
    console.log(`| ${name} | ${f(perOp[Math.floor(RUNS / 2)])} (${f(perOp[0])}–${f(perOp[RUNS - 1])}) |`);
  }

  await inbox.close();
  await Promise.all(
    cluster.nodes('master').map(async (node) => {
      let cursor = '0';
      do {
        const [next, keys] = await node.scan(cursor, 'MATCH', `${PREFIX}*`, 'COUNT', 1_000);
        cursor = next;
        await Promise.all(keys.map((key) => node.del(key)));
      } while (cursor !== '0');
    }),
  );
  await Promise.all([cluster.quit(), publisher.quit(), subscriber.quit()]);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
