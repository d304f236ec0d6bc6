import { ApiProperty } from '@nestjs/swagger';
import { ID_PATTERN } from '../../common/validation/ids';
import { IsId } from './field-rules';

export class HostIdParamDto {
  @ApiProperty({ example: 'host-7f3a', pattern: ID_PATTERN.source })
  @IsId()
  host_id!: string;
}
