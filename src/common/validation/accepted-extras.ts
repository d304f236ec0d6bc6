import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Exclude } from 'class-transformer';

/**
 * A field a known client sends that the coordinator does not use (the DLL's, or the earlier
 * coordinator's clients'). Bodies refuse undeclared fields, so these are declared: accepted with any
 * value and dropped before validation, so no service ever sees them (a spread of the DTO included).
 */
export function AcceptedAndIgnored(
  type: 'string' | 'number' | 'integer' | 'boolean',
  why: string,
  example?: unknown,
): PropertyDecorator {
  return applyDecorators(
    Exclude({ toClassOnly: true }),
    ApiPropertyOptional({ type, example, description: `Accepted and ignored: ${why}` }),
  );
}
