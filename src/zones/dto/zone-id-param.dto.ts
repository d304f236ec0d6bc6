import { ApiProperty } from '@nestjs/swagger';
import { ID_PATTERN } from '../../common/validation/ids';
import { IsId } from '../../hosts/dto/field-rules';

export class ZoneIdParamDto {
  @ApiProperty({ example: 'prontera', pattern: ID_PATTERN.source })
  @IsId()
  zone_id!: string;
}
