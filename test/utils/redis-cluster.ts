import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import Redis, { Cluster } from 'ioredis';

const SCRIPT = join(__dirname, '..', '..', 'scripts', 'redis-cluster.sh');

/**
 * The Redis Cluster the cluster suites run against, as REDIS_CLUSTER_NODES would name it.
 * TEST_REDIS_CLUSTER_NODES when set (CI starts one and sets it); otherwise the local three-master
 * cluster of scripts/redis-cluster.sh, started here when it is not running (redis-server is on
 * every machine the suite runs on). It is left running for the next run, and the notice says so.
 * A cluster that cannot be started fails the suite: these tests are never skipped.
 */
export function redisClusterSeeds(): string {
  const named = process.env.TEST_REDIS_CLUSTER_NODES;
  if (named) {
    return named;
  }
  let running = true;
  try {
    execFileSync(SCRIPT, ['status'], { stdio: 'ignore' });
  } catch {
    running = false;
  }
  const seeds = execFileSync(SCRIPT, ['start'], { encoding: 'utf8' }).trim();
  if (!running) {
    process.stderr.write(
      `TEST_REDIS_CLUSTER_NODES is unset: started a local Redis Cluster at ${seeds} (scripts/redis-cluster.sh stop stops it)\n`,
    );
  }
  process.env.TEST_REDIS_CLUSTER_NODES = seeds;
  return seeds;
}

export function clusterNodes(seeds: string): { host: string; port: number }[] {
  return seeds.split(',').map((seed) => {
    const at = seed.lastIndexOf(':');
    return { host: seed.slice(0, at), port: Number(seed.slice(at + 1)) };
  });
}

/** A cluster client configured as the coordinator's command client (fail fast, auto-pipelining). */
export async function connectCluster(seeds: string): Promise<Cluster> {
  const cluster = new Redis.Cluster(clusterNodes(seeds), {
    enableOfflineQueue: false,
    enableAutoPipelining: true,
    redisOptions: { maxRetriesPerRequest: 1 },
  });
  cluster.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => {
    cluster.once('ready', resolve);
    cluster.once('error', reject);
  });
  return cluster;
}

/** Deletes every key under `prefix` on every master (keys of one DEL must share a slot: one each). */
export async function wipeClusterPrefix(cluster: Cluster, prefix: string): Promise<void> {
  await Promise.all(
    cluster.nodes('master').map(async (node) => {
      let cursor = '0';
      do {
        const [next, keys] = await node.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
        cursor = next;
        await Promise.all(keys.map((key) => node.del(key)));
      } while (cursor !== '0');
    }),
  );
}
