import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsString, Matches } from 'class-validator';
import { ID_MESSAGE, ID_PATTERN } from './ids';

/** Field rules shared by the DTOs of several modules (hosts and zones so far). */

/** Visible text: no control, format or unassigned characters (PostgreSQL rejects NUL), not only blanks. */
export function printablePattern(maxLength: number): RegExp {
  return new RegExp(`^(?=.*\\S)\\P{C}{1,${maxLength}}$`, 'u');
}

/** Printable text plus tabs and line breaks, for free-form descriptions. */
export const MULTILINE_TEXT_PATTERN = /^[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]*$/;

export function IsId(): PropertyDecorator {
  return applyDecorators(IsString(), Matches(ID_PATTERN, { message: `$property ${ID_MESSAGE}` }));
}

/** The length is counted in code points, as PostgreSQL's varchar does. */
export function IsPrintable(maxLength: number): PropertyDecorator {
  return applyDecorators(
    IsString(),
    Matches(printablePattern(maxLength), {
      message: `$property must be 1-${maxLength} printable characters (no control characters)`,
    }),
  );
}

/** Case-insensitive enum values in query strings and bodies. */
export const ToLowerCase = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value));

/**
 * Query strings arrive as text; a blank or non-numeric value is left as-is so the number rule rejects
 * it with a 422 instead of silently becoming 0.
 */
export const ToNumber = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)) ? Number(value) : value,
  );
