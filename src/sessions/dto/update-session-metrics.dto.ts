import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsNumber, IsOptional, Max, Min } from 'class-validator';
import { AcceptedAndIgnored } from '../../common/validation/accepted-extras';

const FINITE = { allowNaN: false, allowInfinity: false };
/** Generous ceilings: they only keep nonsense (and float overflow) out of averages and dashboards. */
const MAX_LATENCY_MS = 600_000;
const MAX_BANDWIDTH_MBPS = 1_000_000;

/** Field names of the earlier coordinator, plus the response's own names as aliases. */
export class UpdateSessionMetricsDto {
  @ApiPropertyOptional({ example: 45.5, minimum: 0, maximum: MAX_LATENCY_MS })
  @IsOptional()
  @IsNumber(FINITE)
  @Min(0)
  @Max(MAX_LATENCY_MS)
  avg_latency_ms?: number;

  @ApiPropertyOptional({ example: 45.5, minimum: 0, maximum: MAX_LATENCY_MS, description: 'Alias of `avg_latency_ms`' })
  @IsOptional()
  @IsNumber(FINITE)
  @Min(0)
  @Max(MAX_LATENCY_MS)
  average_latency_ms?: number;

  @ApiPropertyOptional({ example: 0.5, minimum: 0, maximum: 100 })
  @IsOptional()
  @IsNumber(FINITE)
  @Min(0)
  @Max(100)
  packet_loss_percent?: number;

  @ApiPropertyOptional({ example: 0.5, minimum: 0, maximum: 100, description: 'Alias of `packet_loss_percent`' })
  @IsOptional()
  @IsNumber(FINITE)
  @Min(0)
  @Max(100)
  average_packet_loss_percent?: number;

  @ApiPropertyOptional({ example: 2.5, minimum: 0, maximum: MAX_BANDWIDTH_MBPS })
  @IsOptional()
  @IsNumber(FINITE)
  @Min(0)
  @Max(MAX_BANDWIDTH_MBPS)
  bandwidth_usage_mbps?: number;

  // The earlier coordinator's tests send `packet_loss_rate` and its API document listed `quality_score`;
  // that coordinator ignored both.
  @AcceptedAndIgnored('number', 'a fraction of unknown scale; send packet_loss_percent', 0.01)
  packet_loss_rate?: unknown;

  @AcceptedAndIgnored('number', 'a session quality score is not stored', 8.5)
  quality_score?: unknown;
}

/** The metrics after resolving aliases; undefined leaves a column unchanged. */
export interface SessionMetrics {
  latencyMs?: number;
  packetLossPercent?: number;
  bandwidthMbps?: number;
}

/** The earlier coordinator's names win when a client sends both spellings. */
export function resolveMetrics(dto: UpdateSessionMetricsDto): SessionMetrics {
  return {
    latencyMs: dto.avg_latency_ms ?? dto.average_latency_ms,
    packetLossPercent: dto.packet_loss_percent ?? dto.average_packet_loss_percent,
    bandwidthMbps: dto.bandwidth_usage_mbps,
  };
}
