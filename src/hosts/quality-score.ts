/** The inputs of the 0–100 host quality score; hardware saturates at 4 cores, 8 GiB and 100 Mbps. */
export interface QualityInputs {
  latency_ms: number;
  packet_loss_percent: number;
  current_players: number;
  max_players: number;
  cpu_cores: number;
  memory_mb: number;
  network_speed_mbps: number;
}

const clamp = (value: number, min: number, max: number): number => Math.min(max, Math.max(min, value));

/**
 * The earlier coordinator's formula, term for term, so scores stay comparable with hosts that were
 * tuned against it. One deliberate change: capacity use is clamped to 0..100 %, so an over-full host
 * loses at most the whole capacity term instead of dragging the other terms down.
 */
export function computeQualityScore(input: QualityInputs): number {
  const capacityPercent =
    input.max_players > 0 ? clamp((input.current_players / input.max_players) * 100, 0, 100) : 100;
  const latency = Math.max(0, 30 - input.latency_ms / 10);
  const loss = Math.max(0, 20 - input.packet_loss_percent * 2);
  const capacity = ((100 - capacityPercent) / 100) * 25;
  const cpu = Math.min(10, (input.cpu_cores / 4) * 10);
  const memory = Math.min(10, (input.memory_mb / 8192) * 10);
  const network = Math.min(5, (input.network_speed_mbps / 100) * 5);
  const total = clamp(latency + loss + capacity + cpu + memory + network, 0, 100);
  return Math.round(total * 100) / 100;
}
