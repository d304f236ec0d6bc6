import { ApiProperty } from '@nestjs/swagger';

export class MovePositionDto {
  @ApiProperty({ example: 156 })
  x!: number;

  @ApiProperty({ example: 191 })
  y!: number;
}

export class MoveRejectionsDto {
  @ApiProperty({ example: 0, description: 'Positions off the map' })
  out_of_bounds!: number;

  @ApiProperty({ example: 3, description: 'Positions on a wall or a cliff' })
  not_walkable!: number;

  @ApiProperty({ example: 0, description: 'Walking faster than MOVE_MIN_WALK_SPEED_MS allows' })
  too_fast!: number;
}

export class PeerMovementDto {
  @ApiProperty({ example: 'char_150001' })
  peer_id!: string;

  @ApiProperty({ example: 'prontera', description: 'The zone of the last position' })
  zone!: string;

  @ApiProperty({ type: MovePositionDto, nullable: true, description: 'Last accepted position (null: none yet)' })
  position!: MovePositionDto | null;

  @ApiProperty({ example: 12.5, description: 'Suspicion score now (it halves every 5 minutes without new reasons)' })
  suspicion!: number;

  @ApiProperty({ example: false, description: 'Whether the score is at or over MOVEMENT_SUSPICION_LIMIT' })
  suspicious!: boolean;

  @ApiProperty({ type: MoveRejectionsDto, description: 'Refused positions by reason' })
  rejections!: MoveRejectionsDto;

  @ApiProperty({ example: 41, description: 'Positions accepted as relocations (Fly Wing, warps, knock-back...)' })
  relocations!: number;
}
