import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsNumber, Max, Min } from 'class-validator';
import type { HostHeartbeat } from '@ro-p2p/contract';

/** The live metrics a host reports; all required, as the earlier coordinator had them. */
export class HeartbeatHostDto implements HostHeartbeat {
  @ApiProperty({ example: 35.5, minimum: 0, maximum: 60000 })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(60_000)
  latency_ms!: number;

  @ApiProperty({ example: 0.1, minimum: 0, maximum: 100 })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(100)
  packet_loss_percent!: number;

  @ApiProperty({ example: 12.5, minimum: 0, maximum: 1000000 })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1_000_000)
  bandwidth_usage_mbps!: number;

  @ApiProperty({ example: 5, minimum: 0, maximum: 100000 })
  @IsInt()
  @Min(0)
  @Max(100_000)
  current_players!: number;

  @ApiProperty({ example: 1, minimum: 0, maximum: 10000 })
  @IsInt()
  @Min(0)
  @Max(10_000)
  current_zones!: number;
}
