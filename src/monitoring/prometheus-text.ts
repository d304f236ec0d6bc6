import { MonitoringOverview, round2 } from './monitoring-overview';

/** One unlabelled gauge of the Prometheus text exposition format 0.0.4. */
export interface Gauge {
  name: string;
  help: string;
  value: number;
}

export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

function escapeHelp(help: string): string {
  return help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

function formatValue(value: number): string {
  if (Number.isNaN(value)) {
    return 'NaN';
  }
  if (!Number.isFinite(value)) {
    return value > 0 ? '+Inf' : '-Inf';
  }
  return String(value);
}

/** `# HELP`, `# TYPE … gauge` and the sample for each gauge, a blank line between them. */
export function renderGauges(gauges: readonly Gauge[]): string {
  return gauges
    .map((g) => `# HELP ${g.name} ${escapeHelp(g.help)}\n# TYPE ${g.name} gauge\n${g.name} ${formatValue(g.value)}\n`)
    .join('\n');
}

export function upGauge(up: boolean): Gauge {
  return {
    name: 'p2p_coordinator_up',
    help: 'Whether the coordinator can read its database (1) or not (0)',
    value: up ? 1 : 0,
  };
}

/** The earlier coordinator's gauge names, with real values. */
export function overviewGauges(overview: MonitoringOverview): Gauge[] {
  const { hosts, zones, sessions } = overview;
  return [
    { name: 'p2p_hosts_total', help: 'Registered hosts', value: hosts.total },
    { name: 'p2p_hosts_online', help: 'Hosts with status online', value: hosts.online },
    {
      name: 'p2p_host_quality_score_avg',
      help: 'Average quality score (0-100) of online hosts',
      value: round2(hosts.averageQualityScore),
    },
    { name: 'p2p_zones_total', help: 'Zones in the catalogue', value: zones.total },
    {
      name: 'p2p_zones_enabled',
      help: 'Zones taking P2P sessions: p2p_enabled and status enabled',
      value: zones.p2pEnabled,
    },
    {
      name: 'p2p_sessions_total',
      help: 'Sessions ever created and still stored, in any status',
      value: sessions.total,
    },
    { name: 'p2p_sessions_active', help: 'Sessions with status active', value: sessions.active },
    { name: 'p2p_players_total', help: 'Players in active sessions', value: sessions.totalPlayers },
    {
      name: 'p2p_session_latency_ms_avg',
      help: 'Average latency (ms) reported by active sessions',
      value: round2(sessions.averageLatencyMs),
    },
    upGauge(true),
  ];
}
