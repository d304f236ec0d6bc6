/** The counts and averages the dashboard and the Prometheus text are both built from. */
export interface MonitoringOverview {
  hosts: { total: number; online: number; averageQualityScore: number };
  zones: { total: number; enabled: number; p2pEnabled: number };
  sessions: { total: number; active: number; totalPlayers: number; averageLatencyMs: number };
}

export interface QualityDistribution {
  excellent: number;
  good: number;
  fair: number;
  poor: number;
}

/** Averages are shown with two decimals, as the earlier coordinator did. */
export function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
