/**
 * CI smoke for the benchmark suite: a short version of every workload (2 relay pairs for 1 s, 200
 * idle connections, 2 s of autocannon, 20 joins, 1,000 proximity peers, a reconnect storm of 40
 * peers), through the same entry point as `npm run bench`. It checks the harness (servers start,
 * every message arrives, no refusals, results written), never the timings.
 *
 * The workloads need real PostgreSQL and Redis; in the embedded-defaults pass (no
 * TEST_DATABASE_URL) only the proximity workload, which needs no server, is run.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const withServers = Boolean(process.env.TEST_DATABASE_URL);
const workloads = withServers ? ['relay', 'connections', 'rest', 'joins', 'proximity', 'storm'] : ['proximity'];

/**
 * The PostgreSQL and Redis servers the rest of the suite uses (TEST_DATABASE_URL, TEST_REDIS_URL),
 * with a database and a Redis db of the smoke's own: the suite drops the one and flushes the other,
 * and a full `npm run bench` on the same machine uses its own too.
 */
function benchServers(): NodeJS.ProcessEnv {
  const pg = new URL(process.env.TEST_DATABASE_URL as string);
  const redis = new URL(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379');
  redis.pathname = '/4';
  return {
    BENCH_PG_HOST: pg.hostname,
    BENCH_PG_PORT: pg.port || '5432',
    BENCH_PG_USER: decodeURIComponent(pg.username) || 'postgres',
    BENCH_DB: `${pg.pathname.slice(1) || 'p2p_coordinator'}_bench_smoke`,
    BENCH_REDIS_URL: redis.toString(),
  };
}

describe(`benchmark suite smoke (${workloads.join(', ')})`, () => {
  const results = mkdtempSync(join(tmpdir(), 'bench-smoke-'));
  afterAll(() => rmSync(results, { recursive: true, force: true }));

  it('runs every workload briefly and writes its results', () => {
    const run = spawnSync(process.execPath, [join(root, 'scripts', 'bench.js'), ...workloads, '--smoke'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 240_000,
      env: {
        ...process.env,
        BENCH_RESULTS_DIR: results,
        ...(withServers ? benchServers() : {}),
      },
    });
    if (run.status !== 0) {
      throw new Error(
        `bench smoke failed (status ${run.status}, signal ${run.signal})\n${run.stdout.slice(-4000)}\n${run.stderr.slice(-4000)}`,
      );
    }
    for (const name of workloads) {
      expect(existsSync(join(results, `${name}-smoke.json`))).toBe(true);
      expect(readFileSync(join(results, `${name}-smoke.md`), 'utf8')).toContain('|');
    }
  }, 300_000);
});
