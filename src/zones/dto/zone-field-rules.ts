import { applyDecorators } from '@nestjs/common';
import { IsBoolean, IsInt, IsNumber, IsString, Matches, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import { IsPrintable, MULTILINE_TEXT_PATTERN } from '../../common/validation/field-rules';
import { DESCRIPTION_MAX_LENGTH, NAME_MAX_LENGTH } from '../../common/validation/ids';

// The map column is narrower than the name columns.
export const MAP_NAME_MAX_LENGTH = 64;

const int = (min: number, max: number): PropertyDecorator => applyDecorators(IsInt(), Min(min), Max(max));

/** One rule set per writable zone field, shared by the create and the partial-update bodies. */
export const ZoneRules = {
  name: () => IsPrintable(NAME_MAX_LENGTH),
  mapName: () => IsPrintable(MAP_NAME_MAX_LENGTH),
  players: () => int(1, 10_000),
  priority: () => int(1, 10),
  flag: () => IsBoolean(),
  qualityScore: () => applyDecorators(IsNumber({ allowNaN: false, allowInfinity: false }), Min(0), Max(100)),
  bandwidth: () => int(1, 100_000),
  latency: () => int(1, 60_000),
  description: () =>
    applyDecorators(
      IsString(),
      MaxLength(DESCRIPTION_MAX_LENGTH),
      Matches(MULTILINE_TEXT_PATTERN, { message: '$property must not contain control characters' }),
    ),
};

/** Optional, but when present it must be a real value: null is refused (unlike IsOptional). */
export const IsOptionalNonNull = (): PropertyDecorator => ValidateIf((_object, value) => value !== undefined);
