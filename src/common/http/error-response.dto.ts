import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { ApiErrorBody } from '@ro-p2p/contract';

class FieldErrorDto {
  @ApiProperty({ example: 'port' })
  field!: string;

  @ApiProperty({ example: 'port must not be greater than 65535' })
  message!: string;
}

/** The body of every error answer, as the global exception filter writes it. */
export class ErrorResponseDto implements ApiErrorBody {
  @ApiProperty({ example: 'HOST_NOT_FOUND', description: 'Stable machine-readable code' })
  code!: string;

  @ApiProperty({ example: 'Host not found: host-7f3a' })
  message!: string;

  @ApiProperty({
    oneOf: [
      { type: 'string' },
      {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            loc: { type: 'array', items: { type: 'string' } },
            msg: { type: 'string' },
            type: { type: 'string' },
          },
        },
      },
    ],
    example: 'Host not found: host-7f3a',
    description: 'The message again, or for validation failures a list of {loc, msg, type}',
  })
  detail!: unknown;

  @ApiProperty({ example: 404 })
  status_code!: number;

  @ApiPropertyOptional({ type: [FieldErrorDto], description: 'Present on validation failures: one entry per problem' })
  errors?: FieldErrorDto[];

  @ApiProperty({ example: '0f9a6c1e-4b7d-4e8a-9a55-2f3d1c0b7e21' })
  correlation_id!: string;
}
