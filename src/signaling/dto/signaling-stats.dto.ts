import { ApiProperty } from '@nestjs/swagger';

export class ClusterStatsDto {
  @ApiProperty({ example: 2, description: 'Nodes with a fresh registry entry' })
  nodes!: number;

  @ApiProperty({ example: 1200, description: 'Open connections summed over live nodes (as of their last beat)' })
  connections!: number;

  @ApiProperty({ example: 130, description: 'Sessions with at least one live member' })
  sessions!: number;
}

export class SignalingStatsDto {
  @ApiProperty({ example: 600, description: 'Open WebSocket connections on this node' })
  active_connections!: number;

  @ApiProperty({ example: 65, description: 'Sessions with members connected to this node' })
  active_sessions!: number;

  @ApiProperty({ example: 598, description: 'Connections that have identified a peer' })
  identified_peers!: number;

  @ApiProperty({ example: 'coordinator-7f9c2a' })
  node_id!: string;

  @ApiProperty({ type: ClusterStatsDto, nullable: true, description: 'Null when live state is unreachable' })
  cluster!: ClusterStatsDto | null;
}
