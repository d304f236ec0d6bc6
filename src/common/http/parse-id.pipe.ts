import { Param, PipeTransform } from '@nestjs/common';
import type { ApiParamOptions } from '@nestjs/swagger';
import { AppError } from '../errors/app-error';
import { ID_MAX_LENGTH, ID_MESSAGE, ID_PATTERN, isValidId } from '../validation/ids';

/**
 * A string id path parameter (`host_id`, `zone_id`, `player_id`) checked with one regular expression. It answers
 * the same 422 body as an `@IsId()` DTO field (`<field> must be 1-64 …`), without running
 * class-transformer and class-validator over a one-field object on every request.
 */
export class ParseIdPipe implements PipeTransform<string, string> {
  constructor(private readonly field: string) {}

  transform(value: string): string {
    if (!isValidId(value)) {
      const message = `${this.field} ${ID_MESSAGE}`;
      throw new AppError('VALIDATION_FAILED', `Invalid request: ${this.field}: ${message}`, [
        { field: this.field, message },
      ]);
    }
    return value;
  }
}

/** The path parameter `name`, checked by ParseIdPipe. */
export const IdParam = (name: string): ParameterDecorator => Param(name, new ParseIdPipe(name));

/** The OpenAPI description of such a parameter: the pattern the pipe checks. */
export const idParamDoc = (name: string, example: string): ApiParamOptions => ({
  name,
  example,
  schema: { type: 'string', pattern: ID_PATTERN.source, minLength: 1, maxLength: ID_MAX_LENGTH },
});
