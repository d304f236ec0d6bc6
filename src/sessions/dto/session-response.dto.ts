import { ApiProperty } from '@nestjs/swagger';
import type { Session, SessionAction } from '@ro-p2p/contract';
import { SESSION_STATUSES, SessionStatus } from '../session-state';

export class SessionResponseDto implements Session {
  @ApiProperty({ example: 12, description: 'Integer id; every `{session}` path parameter accepts it' })
  id!: number;

  @ApiProperty({
    example: 'session-3f9a1c0b7d2e4a56',
    description: '"session-" + 16 lowercase hex; also accepted as `{session}`',
  })
  session_id!: string;

  @ApiProperty({
    example: 'host-7f3a',
    nullable: true,
    type: String,
    description:
      "The host's string `host_id` (the earlier coordinator returned the hosts table's integer key here); null for a host-less mesh session",
  })
  host_id!: string | null;

  @ApiProperty({ example: 'prontera', description: "The zone's string `zone_id`" })
  zone_id!: string;

  @ApiProperty({ example: ['player-1', 'player-2'], type: [String], description: 'Members, in joining order' })
  connected_players!: string[];

  @ApiProperty({ example: 2 })
  current_players!: number;

  @ApiProperty({ example: 10 })
  max_players!: number;

  @ApiProperty({ enum: SESSION_STATUSES, example: 'active' })
  status!: SessionStatus;

  @ApiProperty({ example: 42.5 })
  average_latency_ms!: number;

  @ApiProperty({ example: 0.2 })
  average_packet_loss_percent!: number;

  @ApiProperty({ example: 3.1 })
  bandwidth_usage_mbps!: number;

  @ApiProperty({ example: '2026-11-24T10:31:40.000Z', nullable: true, type: String })
  started_at!: string | null;

  @ApiProperty({ example: null, nullable: true, type: String })
  ended_at!: string | null;

  @ApiProperty({ example: '2026-11-24T10:31:33.556Z', type: String })
  created_at!: string | null;

  @ApiProperty({ example: '2026-11-24T10:31:40.000Z', type: String })
  updated_at!: string | null;

  @ApiProperty({
    example: '2026-11-24T10:35:02.120Z',
    type: String,
    description: 'Last join, leave, metrics update or state change; idle clean-up reads it',
  })
  last_activity_at!: string | null;

  @ApiProperty({
    example: null,
    nullable: true,
    type: String,
    description: 'Why the session finished (`normal`, `idle_timeout`, ...)',
  })
  end_reason!: string | null;
}

export class SessionActionResponseDto implements SessionAction {
  @ApiProperty({ example: 'Session 12 activated' })
  message!: string;

  @ApiProperty({ type: SessionResponseDto })
  session!: SessionResponseDto;
}

export class CleanupResponseDto {
  @ApiProperty({ example: 'Cleaned up 3 stale sessions' })
  message!: string;

  @ApiProperty({ example: 3 })
  cleaned!: number;
}
