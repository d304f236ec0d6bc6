import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';
import { ID_MESSAGE, ID_PATTERN } from '../../common/validation/ids';

export class AddPlayerDto {
  @ApiProperty({ example: 'player-3' })
  @IsString()
  @Matches(ID_PATTERN, { message: `player_id ${ID_MESSAGE}` })
  player_id!: string;
}
