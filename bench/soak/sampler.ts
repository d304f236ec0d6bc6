/**
 * Samples taken every few seconds while the soak runs: each coordinator's memory (RSS from /proc,
 * V8 heap and event-loop lag from its /metrics), Redis memory and the run's key count, and the
 * cumulative traffic and error counters, so the report can show all of them over time.
 */
import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import Redis from 'ioredis';
import { percentile } from '@ro-p2p/client/simulator';
import { CoordinatorNode } from './nodes';
import { ProbeMesh } from './probe-mesh';

const MiB = 2 ** 20;

export interface NodeSample {
  rssMiB: number;
  heapUsedMiB: number | null;
  eventLoopLagP99Ms: number | null;
  /** Open WebSocket connections the node counts (its p2p_ws_connections gauge). */
  wsConnections: number | null;
  /** Cumulative warn / error log lines of the process. */
  warnLogs: number;
  errorLogs: number;
}

export interface Sample {
  /** Seconds since the load started. */
  t: number;
  nodes: NodeSample[];
  redisUsedMiB: number | null;
  redisKeys: number | null;
  /** This process (load generator): RSS and event-loop delay p99 over the interval. */
  runner: { rssMiB: number; eventLoopDelayP99Ms: number };
  sim: { connected: number; sentPerSec: number; receivedPerSec: number; errors: number };
  probes: { sent: number; delivered: number; errors: number; latencyP50Ms: number | null; latencyP99Ms: number | null };
}

export interface SimProgress {
  connected: number;
  sentPerSec: number;
  receivedPerSec: number;
  errors: number;
}

export function rssMiB(pid: number): number {
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb === undefined ? Number.NaN : (Number(kb) * 1024) / MiB;
  } catch {
    return Number.NaN;
  }
}

async function scrape(node: CoordinatorNode): Promise<{ heap: number | null; lag: number | null; ws: number | null }> {
  const text = await fetch(`${node.url}/metrics`, { signal: AbortSignal.timeout(3000) }).then(
    (r) => r.text(),
    () => '',
  );
  const metric = (name: string): number | null => {
    const match = new RegExp(`^${name} ([0-9.e+-]+)$`, 'm').exec(text);
    return match ? Number(match[1]) : null;
  };
  const heap = metric('nodejs_heap_size_used_bytes');
  const lag = metric('nodejs_eventloop_lag_p99_seconds');
  return {
    heap: heap === null ? null : heap / MiB,
    lag: lag === null ? null : lag * 1000,
    ws: metric('p2p_ws_connections'),
  };
}

async function redisFigures(redis: Redis, prefix: string): Promise<{ used: number | null; keys: number | null }> {
  try {
    const info = await redis.info('memory');
    const used = /^used_memory:(\d+)/m.exec(info)?.[1];
    let keys = 0;
    let cursor = '0';
    do {
      const [next, found] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 2000);
      cursor = next;
      keys += found.length;
    } while (cursor !== '0');
    return { used: used === undefined ? null : Number(used) / MiB, keys };
  } catch {
    return { used: null, keys: null };
  }
}

export class Sampler {
  readonly samples: Sample[] = [];
  progress: SimProgress = { connected: 0, sentPerSec: 0, receivedPerSec: 0, errors: 0 };
  private readonly loopDelay = monitorEventLoopDelay({ resolution: 10 });
  private latencyIndex = 0;
  private timer: NodeJS.Timeout | undefined;
  private busy: Promise<void> = Promise.resolve();

  constructor(
    private readonly nodes: readonly CoordinatorNode[],
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly probes: ProbeMesh,
    private readonly startedAt: number,
  ) {}

  start(intervalSec: number, onSample: (sample: Sample) => void): void {
    this.loopDelay.enable();
    this.timer = setInterval(() => {
      // A slow scrape skips a beat instead of piling samples up.
      this.busy = this.busy.then(() => this.sample().then(onSample));
    }, intervalSec * 1000);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.busy;
    this.loopDelay.disable();
  }

  async sample(): Promise<Sample> {
    const scraped = await Promise.all(this.nodes.map(scrape));
    const redis = await redisFigures(this.redis, this.prefix);
    const probeTotals = this.probes.totals();
    const fresh = this.probes.latencies.slice(this.latencyIndex);
    this.latencyIndex = this.probes.latencies.length;
    const sample: Sample = {
      t: Math.round((performance.now() - this.startedAt) / 100) / 10,
      nodes: this.nodes.map((node, i) => ({
        rssMiB: node.alive ? round1(rssMiB(node.pid)) : Number.NaN,
        heapUsedMiB: round1(scraped[i].heap),
        eventLoopLagP99Ms: round1(scraped[i].lag),
        wsConnections: scraped[i].ws,
        warnLogs: node.logs.warn,
        errorLogs: node.logs.error,
      })),
      redisUsedMiB: redis.used === null ? null : round1(redis.used),
      redisKeys: redis.keys,
      runner: {
        rssMiB: round1(process.memoryUsage().rss / MiB),
        eventLoopDelayP99Ms: round1(this.loopDelay.percentile(99) / 1e6),
      },
      sim: {
        ...this.progress,
        sentPerSec: Math.round(this.progress.sentPerSec),
        receivedPerSec: Math.round(this.progress.receivedPerSec),
      },
      probes: {
        sent: probeTotals.sent,
        delivered: probeTotals.delivered,
        errors: this.probes.errorCount(),
        latencyP50Ms: round1(percentile(fresh, 50)),
        latencyP99Ms: round1(percentile(fresh, 99)),
      },
    };
    this.loopDelay.reset();
    this.samples.push(sample);
    return sample;
  }
}

function round1<T extends number | null>(value: T): T {
  return (value === null ? null : Math.round(value * 10) / 10) as T;
}
