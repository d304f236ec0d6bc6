import { ProgressSnapshot } from './run-simulation';
import { SimulationSummary } from './stats';

/** One progress line: elapsed, players connected, messages per second each way, errors. */
export function progressLine(p: ProgressSnapshot): string {
  return [
    `${p.elapsedSec.toFixed(0).padStart(4)} s`,
    `${p.connected}/${p.players} connected`,
    `sent ${p.sentPerSec.toFixed(0)}/s`,
    `received ${p.receivedPerSec.toFixed(0)}/s`,
    `errors ${p.errors}`,
  ].join(' | ');
}

const counts = (record: Record<string, number>): string =>
  Object.entries(record)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([kind, n]) => `${kind}=${n}`)
    .join(' ') || '-';

/** The human-readable summary (the JSON form is the object itself). */
export function summaryText(s: SimulationSummary): string {
  const latency = s.signalLatencyMs;
  return [
    `Simulation summary (${s.durationSec} s)`,
    `  players          ${s.players} (${s.playersJoined} joined at least once)`,
    `  joins/leaves     ${s.joins} joins, ${s.leaves} leaves, ${s.zoneChanges} zone changes, ${s.reconnects} reconnects`,
    `  messages sent    ${s.messages.totalSent}: ${counts(s.messages.sent)}`,
    `  messages recv    ${s.messages.totalReceived}: ${counts(s.messages.received)}`,
    `  relay frames     ${s.relayFramesSent} sent, ${s.relayFramesDelivered} delivered`,
    `  peer-list diffs  ${s.peerListUpdates}`,
    `  signaling        ${s.signalExchanges.offers} offers, ${s.signalExchanges.answers} answers, ${s.signalExchanges.completed} completed`,
    `  offer->answer    p50 ${latency.p50 ?? '-'} ms, p99 ${latency.p99 ?? '-'} ms, max ${latency.max ?? '-'} ms (n=${latency.count})`,
    `  errors           ${counts(s.errors)}`,
    ...movementLines(s),
  ].join('\n');
}

/** With `--movement realistic`: one line per player kind. */
function movementLines(s: SimulationSummary): string[] {
  if (!s.movement) {
    return [];
  }
  return [
    `  movement         realistic on ${s.movement.zones.join(', ')}`,
    ...Object.entries(s.movement.byKind).map(
      ([kind, k]) =>
        `    ${kind.padEnd(14)} ${k.players} players, ${k.positionsSent.frame} frames + ${k.positionsSent.json} JSON positions, IMPLAUSIBLE_MOVE ${counts(k.implausibleMoves)} (${k.playersRefused} players refused), ${k.reconnects} reconnects, ${k.unaskedDisconnects} disconnects not asked for`,
    ),
  ];
}
