/** The soak's result: what it measured, the verdicts (see verdicts.ts), and every sample. */
import { SimulationSummary } from '@ro-p2p/client/simulator';
import { Machine, machine } from '../lib/report';
import { ascending, percentile } from '../lib/stats';
import { CoordinatorNode, RAISED_LIMITS } from './nodes';
import { SoakOptions } from './options';
import { ProbeMesh, ProbeTotals } from './probe-mesh';
import { Sample } from './sampler';
import { ResidualState } from './stores';
import {
  ERROR_GROWTH,
  ErrorGrowth,
  LiveHeap,
  MEMORY_BOUND,
  NodeMemory,
  errorGrowth,
  errorSeries,
  nodeMemory,
  windowOf,
} from './verdicts';

export interface Verdict {
  pass: boolean;
  detail: string;
}

export interface SoakResult {
  startedAt: string;
  machine: Machine;
  settings: Omit<SoakOptions, 'databaseUrl' | 'redisUrl' | 'resultsDir'> & { database: string; redisDb: string };
  raisedLimits: Record<string, string>;
  timeline: { rampSec: number | null; warmupEndSec: number; loadEndSec: number; drainMs: number; aborted: boolean };
  /** Latency over the whole run and over the measured window (warm-up end to load end). */
  probes: ProbeTotals & { latencyMs: LatencyFigures; windowLatencyMs: LatencyFigures };
  simulator: SimulationSummary;
  memory: {
    nodes: (NodeMemory & { name: string; afterDrainMiB: number })[];
    redis: { usedStartMiB: number | null; usedEndMiB: number | null; keysStart: number | null; keysEnd: number | null };
    runnerMaxRssMiB: number;
  };
  errors: {
    growth: ErrorGrowth;
    simulatorByCode: Record<string, number>;
    probeOther: Record<string, number>;
    /** Per kind: count, and first / last seen in seconds since the load started. */
    nodeLogs: {
      name: string;
      warn: number;
      error: number;
      kinds: Record<string, { count: number; firstSec: number; lastSec: number }>;
    }[];
    series: ReturnType<typeof errorSeries>;
  };
  residual: ResidualState & { wsConnections: (number | null)[] };
  /** How each node ended; the last lines of its output when it did not exit 0 on SIGTERM. */
  nodeExits: {
    name: string;
    code: number | null;
    signal: string | null;
    during: string;
    stopMs: number | null;
    outputTail?: string;
  }[];
  verdicts: { nothingLost: Verdict; memoryFlat: Verdict; noErrorGrowth: Verdict; nodesStayedUp: Verdict };
  pass: boolean;
  samples: Sample[];
}

export interface LatencyFigures {
  count: number;
  p50: number;
  p99: number;
  max: number;
}

function latencyFigures(values: ArrayLike<number>): LatencyFigures {
  const sorted = ascending(Array.from(values));
  return {
    count: sorted.length,
    p50: r1(percentile(sorted, 0.5)),
    p99: r1(percentile(sorted, 0.99)),
    max: r1(sorted[sorted.length - 1] ?? Number.NaN),
  };
}

export interface ResultInput {
  options: SoakOptions;
  startedAtIso: string;
  nodes: CoordinatorNode[];
  samples: Sample[];
  afterDrain: Sample;
  /** Taken once every peer (probes included) has disconnected. */
  afterLeave: Sample;
  simulation: SimulationSummary;
  probes: ProbeMesh;
  loadStartEpochMs: number;
  rampSec: number | null;
  warmupEndSec: number;
  loadEndSec: number;
  /** Indexes into the probe latencies at the end of the warm-up and of the load. */
  latencyWindow: [number, number];
  /** Per node, live heap after a forced full GC at the four moments. */
  liveHeap: LiveHeap[];
  aborted: boolean;
  drainMs: number;
  residual: ResidualState;
}

const r1 = (value: number): number => Math.round(value * 10) / 10;

export function buildResult(input: ResultInput): SoakResult {
  const { options, nodes, samples, simulation } = input;
  const { warmupEndSec } = input;
  const window = windowOf(samples, warmupEndSec, input.loadEndSec);
  const memory = nodes.map((node, i) => ({
    name: node.name,
    ...nodeMemory(window, i, input.liveHeap[i]),
    afterDrainMiB: input.afterDrain.nodes[i].rssMiB,
  }));
  const growth = errorGrowth(window);
  const totals = input.probes.totals();
  const exits = nodes.map((node) => {
    const exit = {
      name: node.name,
      code: node.exit?.code ?? null,
      signal: node.exit?.signal ?? null,
      during: node.exit?.during ?? 'never',
      stopMs: node.stopMs ?? null,
    };
    return exit.code === 0 && exit.during === 'stop' ? exit : { ...exit, outputTail: node.output.slice(-4000) };
  });
  const firstRedis = window[0] ?? samples[0];
  const lastRedis = window[window.length - 1] ?? samples[samples.length - 1];
  const verdicts = {
    nothingLost: {
      pass: totals.lost === 0 && totals.sent > 0,
      detail: `${totals.lost} of ${totals.sent} probe signals lost (${totals.delivered} delivered, ${totals.failed} refused with an error)`,
    },
    memoryFlat: {
      pass: memory.every((m) => m.flat),
      detail:
        memory
          .map(
            (m) =>
              `${m.name}: live heap ${m.liveHeapMiB.warm ?? '?'} → ${m.liveHeapMiB.end ?? '?'} MiB (bound +${m.liveHeapBoundMiB ?? '?'}), RSS second half ${m.midMiB} → ${m.endMiB} MiB (bound +${m.rssBoundMiB})`,
          )
          .join('; ') +
        ` — ${window.length} samples after warm-up; bounds ${MEMORY_BOUND.fraction * 100} % + ${MEMORY_BOUND.heapFixedMiB} MiB (heap), + ${MEMORY_BOUND.rssFixedMiB} MiB (RSS)`,
    },
    noErrorGrowth: {
      pass: !growth.growing,
      detail: `${growth.firstHalf} errors in the first half of the window, ${growth.secondHalf} in the second (bound ${ERROR_GROWTH.factor} × first + ${ERROR_GROWTH.slack} = ${growth.bound})`,
    },
    nodesStayedUp: {
      pass: exits.every((e) => e.during === 'stop' && e.code === 0),
      detail: exits
        .map(
          (e) =>
            `${e.name}: exit ${e.code ?? e.signal} (${e.during === 'stop' ? `${e.stopMs} ms after SIGTERM` : 'UNASKED'})`,
        )
        .join('; '),
    },
  };
  const { databaseUrl, redisUrl, resultsDir: _resultsDir, ...settings } = options;
  return {
    startedAt: input.startedAtIso,
    machine: machine(),
    settings: {
      ...settings,
      database: new URL(databaseUrl).pathname.slice(1),
      redisDb: new URL(redisUrl).pathname.slice(1) || '0',
    },
    raisedLimits: RAISED_LIMITS,
    timeline: {
      rampSec: input.rampSec,
      warmupEndSec,
      loadEndSec: r1(input.loadEndSec),
      drainMs: input.drainMs,
      aborted: input.aborted,
    },
    probes: {
      ...totals,
      latencyMs: latencyFigures(input.probes.latencies),
      windowLatencyMs: latencyFigures(input.probes.latencies.slice(...input.latencyWindow)),
    },
    simulator: simulation,
    memory: {
      nodes: memory,
      redis: {
        usedStartMiB: firstRedis?.redisUsedMiB ?? null,
        usedEndMiB: lastRedis?.redisUsedMiB ?? null,
        keysStart: firstRedis?.redisKeys ?? null,
        keysEnd: lastRedis?.redisKeys ?? null,
      },
      runnerMaxRssMiB: Math.max(...samples.map((s) => s.runner.rssMiB)),
    },
    errors: {
      growth,
      simulatorByCode: simulation.errors,
      probeOther: totals.otherErrors,
      nodeLogs: nodes.map((node) => ({
        name: node.name,
        warn: node.logs.warn,
        error: node.logs.error,
        kinds: Object.fromEntries(
          [...node.logs.messages].map(([kind, m]) => [
            kind,
            {
              count: m.count,
              firstSec: r1((m.first - input.loadStartEpochMs) / 1000),
              lastSec: r1((m.last - input.loadStartEpochMs) / 1000),
            },
          ]),
        ),
      })),
      series: errorSeries(samples),
    },
    residual: { ...input.residual, wsConnections: input.afterLeave.nodes.map((n) => n.wsConnections) },
    nodeExits: exits,
    verdicts,
    pass: Object.values(verdicts).every((v) => v.pass),
    samples,
  };
}
