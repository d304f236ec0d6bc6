import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import type { IceServer, IceServersResponse } from '@ro-p2p/contract';
import { ID_MESSAGE, ID_PATTERN } from '../common/validation/ids';

export class IceServersQueryDto {
  @ApiPropertyOptional({ example: '150001', description: 'The peer the TURN credentials are minted for' })
  @IsOptional()
  @Matches(ID_PATTERN, { message: `peer_id ${ID_MESSAGE}` })
  peer_id?: string;
}

export class IceServerDto implements IceServer {
  @ApiProperty({ example: ['turn:turn.example.org:3478?transport=udp'] })
  urls!: string[];

  @ApiPropertyOptional({ example: '1764010000:150001' })
  username?: string;

  @ApiPropertyOptional({ example: 'q2V0X2Jhc2U2NF9obWFjX3NoYTE=' })
  credential?: string;
}

export class IceServersResponseDto implements IceServersResponse {
  @ApiProperty({ type: [IceServerDto] })
  ice_servers!: IceServerDto[];

  @ApiProperty({
    type: 'integer',
    example: 14400,
    nullable: true,
    description: 'Seconds the TURN credentials stay valid (null when static or absent)',
  })
  ttl!: number | null;
}
