import { ApiProperty } from '@nestjs/swagger';

export class PositionDto {
  @ApiProperty({ example: 150 })
  x!: number;

  @ApiProperty({ example: 180 })
  y!: number;
}

export class ModeratedPeerDto {
  @ApiProperty({ example: '150001' })
  peer_id!: string;

  @ApiProperty({ example: true, description: 'Connected to a node now (it has a live route)' })
  online!: boolean;

  @ApiProperty({ example: 'node-a', nullable: true, type: String, description: 'The node holding its socket' })
  node_id!: string | null;

  @ApiProperty({
    example: 'prontera',
    nullable: true,
    type: String,
    description: 'Its zone now, else the zone of its last movement record',
  })
  zone!: string | null;

  @ApiProperty({ example: 'session-3f9a1c0b7d2e4a56', nullable: true, type: String })
  session_id!: string | null;

  @ApiProperty({ type: PositionDto, nullable: true, description: 'Last accepted position' })
  position!: PositionDto | null;

  @ApiProperty({
    example: '203.0.113.7',
    nullable: true,
    type: String,
    description: 'Client address of its connection',
  })
  address!: string | null;

  @ApiProperty({ example: '2026-01-12T10:00:00.000Z', nullable: true, type: String })
  connected_at!: string | null;

  @ApiProperty({ example: 2.5, description: 'Movement suspicion now (decays over time); 0 without a record' })
  suspicion!: number;

  @ApiProperty({
    example: { out_of_bounds: 0, not_walkable: 1, too_fast: 4 },
    type: 'object',
    additionalProperties: { type: 'integer' },
    description: 'Refused positions by reason',
  })
  rejections!: Record<string, number>;

  @ApiProperty({ example: false, description: 'A ban on this peer id is in force' })
  banned!: boolean;
}

export class PeerSearchResultDto {
  @ApiProperty({ example: '150001' })
  peer_id!: string;

  @ApiProperty({ example: 'node-a' })
  node_id!: string;

  @ApiProperty({ example: 'prontera', nullable: true, type: String })
  zone!: string | null;

  @ApiProperty({ example: 'session-3f9a1c0b7d2e4a56', nullable: true, type: String })
  session_id!: string | null;

  @ApiProperty({ example: '203.0.113.7' })
  address!: string;

  @ApiProperty({ example: '2026-01-12T10:00:00.000Z' })
  connected_at!: string;

  @ApiProperty({ type: PositionDto, nullable: true })
  position!: PositionDto | null;

  @ApiProperty({ example: 6.5 })
  suspicion!: number;
}

export class KickResponseDto {
  @ApiProperty({ example: 1, description: 'Connections closed, on every node that answered within 750 ms' })
  kicked!: number;
}

export class BanResponseDto {
  @ApiProperty({ example: '6f1c2a4e-8b0d-4c1e-9a53-2d7f0e1b9c44' })
  id!: string;

  @ApiProperty({ example: '150001', nullable: true, type: String })
  peer_id!: string | null;

  @ApiProperty({ example: null, nullable: true, type: String })
  ip!: string | null;

  @ApiProperty({ example: 'botting, third warning' })
  reason!: string;

  @ApiProperty({ example: '2026-01-12T10:00:00.000Z' })
  created_at!: string;

  @ApiProperty({ example: '2026-01-13T10:00:00.000Z', nullable: true, type: String, description: 'Null: permanent' })
  expires_at!: string | null;

  @ApiProperty({ example: null, nullable: true, type: String, description: 'When a moderator lifted it' })
  lifted_at!: string | null;

  @ApiProperty({ example: true, description: 'In force now: not lifted, not expired' })
  active!: boolean;

  @ApiProperty({ example: 'ops-alice', description: "The admin token's subject, or `api-key`" })
  created_by!: string;
}

export class AuditEntryDto {
  @ApiProperty({ example: '1042', description: 'Pass as `before` to read the next (older) page' })
  id!: string;

  @ApiProperty({ example: '2026-01-12T10:00:00.000Z' })
  at!: string;

  @ApiProperty({
    example: 'api-key',
    description: "The admin token's subject, `api-key`, or `anonymous` with every guard off",
  })
  actor!: string;

  @ApiProperty({
    example: 'peer.kick',
    description:
      'peer.kick, ban.create, ban.lift, zone.create, zone.update, zone.enable_p2p, zone.disable_p2p, zone.status, host.delete, sessions.cleanup',
  })
  action!: string;

  @ApiProperty({ example: '150001', nullable: true, type: String })
  target!: string | null;

  @ApiProperty({ example: 'speed hacking in prontera', nullable: true, type: String })
  reason!: string | null;

  @ApiProperty({ example: { kicked: 1 }, nullable: true, type: 'object', additionalProperties: true })
  details!: Record<string, unknown> | null;
}
