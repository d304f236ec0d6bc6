/** The soak's report: soak-<timestamp>.json (everything, every sample) and a Markdown summary. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { machineLine, table } from '../lib/report';
import { fmt } from '../lib/stats';
import { SoakResult } from './result';
import { errorSeries } from './verdicts';

/** At most this many rows in the Markdown time series (the JSON keeps every sample). */
const MAX_ROWS = 30;

const counts = (record: Record<string, number>): string =>
  Object.entries(record)
    .sort(([, a], [, b]) => b - a)
    .map(([k, n]) => `${k} ${fmt(n)}`)
    .join(', ') || 'none';

const n = (value: number | null | undefined): string => (value === null || value === undefined ? 'n/a' : fmt(value));

export function soakMarkdown(r: SoakResult): string {
  const s = r.settings;
  const sim = r.simulator;
  const p = r.probes;
  const verdictRows = Object.entries(r.verdicts).map(([name, v]) => [name, v.pass ? 'pass' : '**FAIL**', v.detail]);
  const step = Math.max(1, Math.ceil(r.samples.length / MAX_ROWS));
  const shown = r.samples.filter((_, i) => i % step === 0 || i === r.samples.length - 1);
  const errorsBetween = errorSeries(shown);
  const series = shown.map((x, i) => [
    fmt(x.t),
    ...x.nodes.map((node) => `${n(node.rssMiB)} / ${n(node.heapUsedMiB)}`),
    n(x.redisUsedMiB),
    n(x.redisKeys),
    `${fmt(x.sim.connected)} / ${x.nodes.map((node) => n(node.wsConnections)).join(' + ')}`,
    fmt(x.sim.sentPerSec),
    i === 0
      ? '–'
      : `${errorsBetween[i - 1].sim} / ${errorsBetween[i - 1].probes} / ${errorsBetween[i - 1].nodeErrorLogs}`,
    n(x.probes.latencyP99Ms),
    n(x.runner.eventLoopDelayP99Ms),
  ]);
  return [
    `# Soak: ${fmt(s.players)} players on two nodes for ${fmt(s.durationSec)} s — ${r.pass ? 'PASS' : 'FAIL'}`,
    '',
    `Started ${r.startedAt} on ${machineLine(r.machine)}.`,
    '',
    `- Population: ${fmt(s.players)} simulated players over ${s.zones.join(', ')}, spread round-robin over both nodes; churn ${fmt(s.churnPerMinute)}/min (leave and return, or change zone); relay ${s.relayRate} frames/player/s; ${s.dialectMix * 100} % reference dialect.`,
    `- Probes: ${p.pairs} stable pairs (half on one node, half across the two), ${s.probeRate} numbered signals per probe per second; a signal is delivered, refused with an error to its sender, or lost.`,
    `- Two coordinator processes (dist/src/main.js) on PostgreSQL database ${s.database} and Redis db ${s.redisDb} (prefix ${s.redisPrefix}), loopback only. Raised out of the population's way (all players share 127.0.0.1): ${Object.entries(
      r.raisedLimits,
    )
      .map(([k, v]) => `${k}=${v}`)
      .join(', ')}; per-connection limits at their defaults.${
      s.nodeEnv
        ? ` Extra node environment: ${Object.entries(s.nodeEnv)
            .map(([k, v]) => `${k}=${v}`)
            .join(', ')}.`
        : ''
    }`,
    `- Warm-up: at least ${s.warmupSec} s, and until the ramp-up (90 % connected after ${r.timeline.rampSec ?? 'more than the run'} s) has settled; measured window ${r.timeline.warmupEndSec}–${r.timeline.loadEndSec} s; drain ${r.timeline.drainMs} ms${r.timeline.aborted ? '; stopped early by the operator' : ''}. Samples every ${s.sampleIntervalSec} s.`,
    '',
    '## Verdicts',
    '',
    table(['verdict', 'result', 'detail'], verdictRows),
    '',
    'Rules (bench/soak/verdicts.ts): nothing lost = every probe signal delivered or refused with an error to its sender; memory flat = per node, live heap after a forced full GC at the end of the load ≤ the same at the end of the warm-up + 10 % + 10 MiB, and RSS over the second half of the window grows ≤ 10 % + 20 MiB; no error growth = client-visible errors plus coordinator error logs in the second half of the window ≤ 1.5 × the first half + 20; nodes stayed up = neither node exited unasked, both exited 0 on SIGTERM.',
    '',
    '## Messages',
    '',
    table(
      [
        'probe signals',
        'sent',
        'delivered',
        'refused (error)',
        'lost',
        'refused yet delivered',
        'duplicates',
        'reordered',
      ],
      [
        [
          'all pairs',
          fmt(p.sent),
          fmt(p.delivered),
          fmt(p.failed),
          fmt(p.lost),
          fmt(p.refusedYetDelivered),
          fmt(p.duplicates),
          fmt(p.reordered),
        ],
        [
          'across nodes',
          fmt(p.crossNode.sent),
          fmt(p.crossNode.delivered),
          fmt(p.crossNode.failed),
          fmt(p.crossNode.lost),
          '',
          '',
          '',
        ],
      ],
    ),
    '',
    `Probe errors other than refusals: ${counts(p.otherErrors)}; probe sockets closed by the server: ${counts(p.disconnects)}.`,
    '',
    `Simulator: ${fmt(sim.playersJoined)} players joined at least once; ${fmt(sim.joins)} joins, ${fmt(sim.leaves)} leaves, ${fmt(sim.zoneChanges)} zone changes, ${fmt(sim.reconnects)} reconnects; ${fmt(sim.messages.totalSent)} messages sent, ${fmt(sim.messages.totalReceived)} received; ${fmt(sim.relayFramesSent)} relay frames sent, ${fmt(sim.relayFramesDelivered)} delivered (fan-out to proximity peers); ${fmt(sim.signalExchanges.offers)} offers, ${fmt(sim.signalExchanges.completed)} answered.`,
    '',
    `Simulator errors by code: ${counts(sim.errors)}.`,
    '',
    '## Latency',
    '',
    table(
      ['what', 'count', 'p50 ms', 'p99 ms', 'max ms'],
      [
        [
          'probe signal, send → receive (one hop), measured window (without the forced-GC pauses)',
          fmt(p.windowLatencyMs.count),
          n(p.windowLatencyMs.p50),
          n(p.windowLatencyMs.p99),
          n(p.windowLatencyMs.max),
        ],
        [
          'probe signal, whole run (ramp-up and drain included)',
          fmt(p.latencyMs.count),
          n(p.latencyMs.p50),
          n(p.latencyMs.p99),
          n(p.latencyMs.max),
        ],
        [
          'simulator offer → answer (round trip)',
          fmt(sim.signalLatencyMs.count),
          n(sim.signalLatencyMs.p50),
          n(sim.signalLatencyMs.p99),
          n(sim.signalLatencyMs.max),
        ],
      ],
    ),
    '',
    'Both are timed in the load generator, which also runs the whole population: its own event-loop delay (last column below) is part of every figure.',
    '',
    '## Memory',
    '',
    table(
      [
        'node',
        'RSS after warm-up MiB',
        'middle MiB',
        'end MiB',
        'max MiB',
        'growth MiB (second half, bound)',
        'slope MiB/min',
        'live heap before load / warm / end / after drain MiB',
        'RSS after drain MiB',
      ],
      r.memory.nodes.map((m) => [
        m.name,
        n(m.startMiB),
        n(m.midMiB),
        n(m.endMiB),
        n(m.maxMiB),
        `${n(m.growthMiB)} (${n(m.secondHalfGrowthMiB)}, ${n(m.rssBoundMiB)})`,
        n(m.slopeMiBPerMin),
        `${n(m.liveHeapMiB.beforeLoad)} / ${n(m.liveHeapMiB.warm)} / ${n(m.liveHeapMiB.end)} / ${n(m.liveHeapMiB.afterDrain)}`,
        n(m.afterDrainMiB),
      ]),
    ),
    '',
    "Live heap = V8 heap in use right after a full garbage collection forced through the node's inspector (loopback), at the end of the warm-up and just before the load stops; each such collection pauses the nodes (up to about a second on a busy machine).",
    '',
    `Redis used_memory (the whole server, shared with other jobs): ${n(r.memory.redis.usedStartMiB)} → ${n(r.memory.redis.usedEndMiB)} MiB; keys under the run's prefix ${n(r.memory.redis.keysStart)} → ${n(r.memory.redis.keysEnd)}. Load generator max RSS ${n(r.memory.runnerMaxRssMiB)} MiB.`,
    '',
    '## Over time',
    '',
    table(
      [
        't s',
        ...r.memory.nodes.map((_, i) => `node ${i + 1} RSS / heap MiB`),
        'Redis MiB',
        'run keys',
        'players connected / node sockets',
        'sim msg/s',
        'errors since previous row (sim / probe / node log)',
        'probe p99 ms',
        'loader lag p99 ms',
      ],
      series,
    ),
    '',
    '## Errors',
    '',
    `Verdict window: ${r.errors.growth.firstHalf} errors in the first half, ${r.errors.growth.secondHalf} in the second. Coordinator log lines (warn / error): ${r.errors.nodeLogs.map((l) => `${l.name} ${l.warn} / ${l.error}`).join('; ')}.`,
    '',
    ...r.errors.nodeLogs.flatMap((l) =>
      Object.entries(l.kinds)
        .slice(0, 10)
        .map(([kind, k]) => `- ${l.name}: ${k.count} × ${kind} (at ${k.firstSec}–${k.lastSec} s)`),
    ),
    '',
    '## Left behind after every peer disconnected',
    '',
    `WebSocket connections the nodes still count: ${r.residual.wsConnections.map(n).join(' + ')}; session_players rows ${r.residual.sessionPlayers}, open sessions ${r.residual.openSessions} counting ${r.residual.playersCounted} players (after ${r.residual.waitedMs} ms); Redis keys under the prefix with both nodes still up: ${counts(r.residual.redisKeys)}; the nodes' PostgreSQL connections ${counts(r.residual.pgConnections)}, oldest open transaction ${r.residual.oldestTransactionSec ?? 'none'} s.`,
    '',
  ].join('\n');
}

/** Writes soak-<timestamp>.json and .md into `dir`; returns the Markdown path. */
export function writeSoakReport(result: SoakResult, dir: string): string {
  mkdirSync(dir, { recursive: true });
  const stamp = result.startedAt.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  writeFileSync(join(dir, `soak-${stamp}.json`), `${JSON.stringify(result, null, 2)}\n`);
  const md = join(dir, `soak-${stamp}.md`);
  writeFileSync(md, soakMarkdown(result));
  return md;
}
