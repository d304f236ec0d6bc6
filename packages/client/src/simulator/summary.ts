import { CoordinatorClient } from '../coordinator-client';
import { SimulationStats, SimulationSummary, addCounts, percentile, sumMatching } from './stats';

/** Folds every player's traffic counters and the run's own counts into the summary. */
export function summarize(
  players: readonly { readonly client: CoordinatorClient }[],
  stats: SimulationStats,
  durationSec: number,
): SimulationSummary {
  const sent: Record<string, number> = {};
  const received: Record<string, number> = {};
  for (const player of players) {
    addCounts(sent, player.client.traffic.sentByKind);
    addCounts(received, player.client.traffic.receivedByKind);
  }
  const total = (counts: Record<string, number>): number => Object.values(counts).reduce((a, b) => a + b, 0);
  const errors: Record<string, number> = {};
  addCounts(errors, stats.errors);
  const latencies = stats.latencies;
  return {
    durationSec: Math.round(durationSec * 10) / 10,
    players: players.length,
    playersJoined: stats.joinedPlayers.size,
    joins: stats.joins,
    leaves: stats.leaves,
    zoneChanges: stats.zoneChanges,
    reconnects: stats.reconnects,
    messages: { sent, received, totalSent: total(sent), totalReceived: total(received) },
    relayFramesSent: sumMatching(sent, 'relay:'),
    relayFramesDelivered: stats.relayFramesDelivered,
    peerListUpdates: stats.peerListUpdates,
    signalExchanges: { offers: sent.offer ?? 0, answers: sent.answer ?? 0, completed: latencies.length },
    errors,
    signalLatencyMs: {
      count: latencies.length,
      p50: round(percentile(latencies, 50)),
      p99: round(percentile(latencies, 99)),
      max: round(latencies.length > 0 ? latencies.reduce((a, b) => Math.max(a, b)) : null),
    },
  };
}

const round = (value: number | null): number | null => (value === null ? null : Math.round(value * 10) / 10);
