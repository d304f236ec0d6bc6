/** Table and target checks for the REST workload. */
import { table, WorkloadReport } from '../lib/report';
import { cell, fmt, ratio } from '../lib/stats';
import { RestOptions, RestRow } from './rest';

const BASELINE = 'bare Fastify + pg';

export function restReport(rows: RestRow[], options: RestOptions, smoke: boolean): WorkloadReport {
  const baselineOf = (row: RestRow): RestRow | undefined =>
    rows.find((r) => r.route === row.route && r.target === BASELINE);
  const checks = rows
    .filter((r) => r.target !== BASELINE)
    .map((r) => {
      const base = baselineOf(r);
      const share = base ? r.requestsPerSecond.median / base.requestsPerSecond.median : Number.NaN;
      const cpu = base ? r.cpuUsPerRequest.median / base.cpuUsPerRequest.median : Number.NaN;
      return (
        `${r.route}: ${fmt(share)}× bare Fastify + pg throughput (target ≥ 0.7: ${share >= 0.7 ? 'met' : 'missed'}), ` +
        `${fmt(cpu)}× its CPU per request (target ≤ 1.5: ${cpu <= 1.5 ? 'met' : 'missed'})`
      );
    });
  return {
    name: 'rest',
    title: 'REST: heartbeats and host reads',
    smoke,
    method: [
      `autocannon, ${options.connections} connections, ${options.seconds} s per run, ${options.repeats} runs alternating coordinator and baseline; heartbeats round-robin over ${options.hosts} registered hosts (\`POST /api/v1/hosts/{id}/heartbeat\`), reads \`GET /api/v1/hosts/{id}\` likewise.`,
      'Both against real PostgreSQL (the same database and rows). The baseline (bench/baselines/fastify-pg.ts) is the floor for each job, bare Fastify + pg with the fewest statements that do it: one `UPDATE … RETURNING` per heartbeat (metrics, the quality score computed in it, back online), one `SELECT` per read; same pool size (15). The coordinator also sends one statement for each.',
      'The coordinator runs with `RATE_LIMIT_ENABLED=false` (its per-IP REST rate limiter would refuse a single-address load generator) and JWT validation off (the baseline has no auth either); metrics, validation, logging and the rest of the stack are on.',
      'Servers pinned to one core, autocannon to the other; PostgreSQL not pinned.',
    ],
    markdown: [
      table(
        [
          'route',
          'target',
          'req/s',
          'p50 ms',
          'p99 ms',
          'server CPU µs/req',
          'throughput vs baseline',
          'CPU vs baseline',
        ],
        rows.map((r) => [
          r.route,
          r.target,
          cell(r.requestsPerSecond),
          cell(r.p50Ms),
          cell(r.p99Ms),
          cell(r.cpuUsPerRequest),
          ratio(r.requestsPerSecond.median, baselineOf(r)?.requestsPerSecond.median ?? Number.NaN),
          ratio(r.cpuUsPerRequest.median, baselineOf(r)?.cpuUsPerRequest.median ?? Number.NaN),
        ]),
      ),
      '',
      'Targets (medians, same run):',
      '',
      ...checks.map((c) => `- ${c}`),
    ].join('\n'),
    data: { options, rows },
  };
}
