/**
 * runSoak: two coordinator processes on one PostgreSQL database and one Redis prefix, a simulated
 * population (moving, churning, signaling, relaying) spread over both, and probe pairs that count
 * every signal, for a set time; then the load stops, in-flight signals drain, and the result says
 * what was delivered and lost, how memory and errors moved, and whether the verdicts hold.
 * Bounded (the options are validated), loopback only, and everything it starts is stopped.
 */
import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { runSimulation } from '@ro-p2p/client/simulator';
import { CoordinatorNode, coordinatorEnv } from './nodes';
import { ProbeMesh } from './probe-mesh';
import { Sample, Sampler } from './sampler';
import { LiveHeap } from './verdicts';
import { SoakOptions, simulationOptions, validateSoakOptions } from './options';
import { SoakResult, buildResult } from './result';
import { freshDatabase, residualState, wipePrefix } from './stores';

export interface SoakProgress {
  elapsedSec: number;
  phase: 'warm-up' | 'measuring' | 'draining';
  players: number;
  connected: number;
  simSentPerSec: number;
  simErrors: number;
  probeSent: number;
  probeDelivered: number;
  probeFailed: number;
  rssMiB: number[];
}

export interface SoakHooks {
  onProgress?: (progress: SoakProgress) => void;
  onSample?: (sample: Sample) => void;
  /** Ends the load early (Ctrl-C); drain, report and clean-up still run. */
  signal?: AbortSignal;
  log?: (line: string) => void;
}

/** A ramp-up counts as done when this share of the population is connected. */
const RAMP_DONE_SHARE = 0.9;
/**
 * The last joins of a ramp-up are announced to full sessions and proximity lists are rebuilt:
 * measured (1,000 players), latencies settled about half the ramp-up's length after it. The
 * warm-up runs that much past the ramp (at most 30 s), so the window starts in the steady state.
 */
const settleSec = (rampSec: number): number => Math.min(30, rampSec / 2);

export async function runSoak(options: SoakOptions, hooks: SoakHooks = {}): Promise<SoakResult> {
  validateSoakOptions(options);
  const log = hooks.log ?? (() => undefined);
  const runId = randomBytes(3).toString('hex');
  const startedAtIso = new Date().toISOString();
  await freshDatabase(options.databaseUrl);
  const redis = new Redis(options.redisUrl, { maxRetriesPerRequest: 2, lazyConnect: true });
  await redis.connect();
  await wipePrefix(redis, options.redisPrefix);
  const nodes: CoordinatorNode[] = [];
  let probes: ProbeMesh | undefined;
  try {
    const env = {
      ...coordinatorEnv(options.databaseUrl, options.redisUrl, options.redisPrefix, options.zones),
      ...options.nodeEnv,
    };
    // One after the other: the first migrates the fresh database and seeds the zones.
    nodes.push(await CoordinatorNode.start(`soak-${runId}-a`, env));
    nodes.push(await CoordinatorNode.start(`soak-${runId}-b`, env));
    const urls = nodes.map((node) => node.url);
    log(`nodes up: ${nodes.map((n) => `${n.name} pid ${n.pid} ${n.url}`).join(', ')}`);
    probes = await ProbeMesh.create(urls, options.zones, options.probePairs, runId);
    const mesh = probes;
    log(`${options.probePairs} probe pairs seated`);
    const liveHeap: LiveHeap[] = nodes.map(() => ({ beforeLoad: null, warm: null, end: null, afterDrain: null }));
    const takeHeap = async (at: keyof LiveHeap): Promise<void> => {
      const values = await Promise.all(nodes.map((node) => node.heapAfterGc()));
      values.forEach((value, i) => (liveHeap[i][at] = value));
    };
    await takeHeap('beforeLoad');

    const started = performance.now();
    const loadStartEpochMs = Date.now();
    const elapsed = (): number => (performance.now() - started) / 1000;
    const sampler = new Sampler(nodes, redis, options.redisPrefix, mesh, started);
    await sampler.sample();
    sampler.start(options.sampleIntervalSec, (sample) => hooks.onSample?.(sample));
    mesh.start(options.probeRate);

    // The load stops at the set time, on the caller's abort, or when a node dies.
    // The end reading is taken just before the load stops (the simulator closes its players then).
    let endHeap: Promise<void> | undefined;
    let endLatencyIndex: number | undefined;
    const takeEndHeap = (): Promise<void> => {
      // The forced GC pauses the nodes: latencies from then on stay out of the window's figures.
      endLatencyIndex ??= mesh.latencies.length;
      return (endHeap ??= takeHeap('end'));
    };
    const abort = new AbortController();
    hooks.signal?.addEventListener('abort', () => void takeEndHeap().finally(() => abort.abort()), { once: true });
    const endTimer = setTimeout(() => void takeEndHeap(), Math.max(0, options.durationSec - 2) * 1000);
    let rampSec: number | null = null;
    let warmupEndSec: number | null = null;
    let warmHeap: Promise<void> = Promise.resolve();
    let warmLatencyIndex: number | undefined;
    let phase: SoakProgress['phase'] = 'warm-up';
    const watch = setInterval(() => {
      if (nodes.some((node) => !node.alive) && !abort.signal.aborted) {
        log(
          `a node exited during the run: ${nodes
            .filter((n) => !n.alive)
            .map((n) => `${n.name} ${JSON.stringify(n.exit)}\n${n.output.slice(-2000)}`)
            .join('\n')}`,
        );
        abort.abort();
      }
    }, 500);
    const simulation = await runSimulation(simulationOptions(options, urls), {
      signal: abort.signal,
      progressIntervalMs: 1000,
      onProgress: (p) => {
        sampler.progress = {
          connected: p.connected,
          sentPerSec: p.sentPerSec,
          receivedPerSec: p.receivedPerSec,
          errors: p.errors,
        };
        if (rampSec === null && p.connected >= RAMP_DONE_SHARE * options.players) {
          rampSec = Math.round(elapsed() * 10) / 10;
        }
        if (
          warmupEndSec === null &&
          rampSec !== null &&
          elapsed() >= Math.max(options.warmupSec, rampSec + settleSec(rampSec))
        ) {
          warmupEndSec = Math.round(elapsed() * 10) / 10;
          phase = 'measuring';
          // Latencies count from a few seconds after the forced GC (a pause of its own).
          warmHeap = takeHeap('warm').then(
            () => void setTimeout(() => (warmLatencyIndex = mesh.latencies.length), 3000).unref(),
          );
        }
        const totals = mesh.totals();
        hooks.onProgress?.({
          elapsedSec: elapsed(),
          phase,
          players: options.players,
          connected: p.connected,
          simSentPerSec: p.sentPerSec,
          simErrors: p.errors,
          probeSent: totals.sent,
          probeDelivered: totals.delivered,
          probeFailed: totals.failed,
          rssMiB: sampler.samples[sampler.samples.length - 1]?.nodes.map((n) => n.rssMiB) ?? [],
        });
      },
    });
    // The simulator closes its players when it returns; the window ends just before that.
    const loadEndSec = Math.min(elapsed(), options.durationSec) - 1;
    const loadEndLatencyIndex = endLatencyIndex ?? mesh.latencies.length;
    mesh.stop();
    clearInterval(watch);
    clearTimeout(endTimer);
    await Promise.all([warmHeap, endHeap]);
    const simErrors = Object.values(simulation.errors).reduce((a, b) => a + b, 0);
    // The population is gone: later samples (drain, after drain) must not repeat its last rates.
    sampler.progress = { connected: 0, sentPerSec: 0, receivedPerSec: 0, errors: simErrors };
    const lastRss = sampler.samples[sampler.samples.length - 1]?.nodes.map((n) => n.rssMiB) ?? [];
    const totals = mesh.totals();
    hooks.onProgress?.({
      elapsedSec: elapsed(),
      phase: 'draining',
      players: options.players,
      connected: 0,
      simSentPerSec: 0,
      simErrors,
      probeSent: totals.sent,
      probeDelivered: totals.delivered,
      probeFailed: totals.failed,
      rssMiB: lastRss,
    });
    const drainMs = await mesh.drain(options.drainSec * 1000);
    await sampler.stop();
    const afterDrain = await sampler.sample();
    mesh.close();
    // What stays behind once every peer is gone (the nodes clean up on disconnect).
    const residual = await residualState(options.databaseUrl, redis, options.redisPrefix, 15_000);
    await takeHeap('afterDrain');
    // Every peer is gone: each node should count no connection any more.
    const afterLeave = await sampler.sample();
    await Promise.all(nodes.map((node) => node.stop()));
    return buildResult({
      options,
      startedAtIso,
      nodes,
      samples: sampler.samples,
      afterDrain,
      afterLeave,
      simulation,
      probes: mesh,
      rampSec,
      // A warm-up that never ended (the ramp-up outlasted the run) leaves an empty window: verdicts fail.
      warmupEndSec: warmupEndSec ?? loadEndSec,
      loadEndSec,
      liveHeap,
      loadStartEpochMs,
      latencyWindow: [Math.min(warmLatencyIndex ?? loadEndLatencyIndex, loadEndLatencyIndex), loadEndLatencyIndex],
      aborted: hooks.signal?.aborted === true,
      drainMs,
      residual,
    });
  } finally {
    probes?.close();
    await Promise.all(nodes.map((node) => node.stop().catch(() => undefined)));
    await wipePrefix(redis, options.redisPrefix).catch(() => 0);
    redis.disconnect();
  }
}
