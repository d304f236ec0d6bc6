import { TransformationType } from 'class-transformer';
import { defaultMetadataStorage } from 'class-transformer/cjs/storage';
import { getMetadataStorage } from 'class-validator';

/** Accepts a body as the DTO's instance, or answers undefined: "not sure, validate it in full". */
export type BodyCheck = (value: unknown) => object | undefined;

interface NumberField {
  name: string;
  integer: boolean;
  min: number[];
  max: number[];
}

type DtoClass = new () => object;

const TYPE_CHECKS = new Set(['isNumber', 'isInt']);
const SUPPORTED = new Set([...TYPE_CHECKS, 'min', 'max']);

/**
 * A shortcut for body DTOs made only of required number fields (`@IsNumber`, `@IsInt`, `@Min`,
 * `@Max`), such as a host heartbeat sent every few seconds by every host: class-transformer and
 * class-validator cost more than the rest of such a request's handling. Built once per class from
 * class-validator's own metadata, so it cannot drift from the decorators. It accepts only what
 * class-validator accepts (every field present, finite, in range, no other field) and returns
 * undefined for everything else, which the ValidationPipe then judges and answers exactly as
 * before. Undefined for a class it cannot mirror (any other decorator, optional fields, groups,
 * class-transformer decorators).
 */
export function compileNumberBodyCheck(dto: DtoClass): BodyCheck | undefined {
  const fields = numberFields(dto);
  if (!fields) {
    return undefined;
  }
  return (value) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      return undefined;
    }
    const body = value as Record<string, unknown>;
    // As many own keys as fields, and every field present: no field the DTO does not declare.
    if (Object.keys(body).length !== fields.length) {
      return undefined;
    }
    for (const field of fields) {
      const v = body[field.name];
      if (
        typeof v !== 'number' ||
        !Number.isFinite(v) ||
        (field.integer && !Number.isInteger(v)) ||
        field.min.some((min) => v < min) ||
        field.max.some((max) => v > max) ||
        !Object.prototype.hasOwnProperty.call(body, field.name)
      ) {
        return undefined;
      }
    }
    return Object.assign(new dto(), body);
  };
}

function numberFields(dto: DtoClass): NumberField[] | undefined {
  const metadatas = getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false);
  const fields = new Map<string, NumberField>();
  const typed = new Set<string>();
  for (const m of metadatas) {
    const options = (m.constraints?.[0] ?? {}) as { maxDecimalPlaces?: number };
    if (
      m.type !== 'customValidation' ||
      !m.name ||
      !SUPPORTED.has(m.name) ||
      m.each ||
      m.always ||
      (m.groups?.length ?? 0) > 0 ||
      m.context !== undefined ||
      (m.name === 'isNumber' && options.maxDecimalPlaces !== undefined) ||
      ((m.name === 'min' || m.name === 'max') && typeof m.constraints?.[0] !== 'number')
    ) {
      return undefined;
    }
    const field = fields.get(m.propertyName) ?? { name: m.propertyName, integer: false, min: [], max: [] };
    fields.set(m.propertyName, field);
    if (TYPE_CHECKS.has(m.name)) {
      typed.add(m.propertyName);
      field.integer ||= m.name === 'isInt';
    } else {
      field[m.name as 'min' | 'max'].push(m.constraints[0] as number);
    }
  }
  const list = [...fields.values()];
  const transformed = list.some(
    (field) =>
      defaultMetadataStorage.findTransformMetadatas(dto, field.name, TransformationType.PLAIN_TO_CLASS).length > 0 ||
      defaultMetadataStorage.findTypeMetadata(dto, field.name) !== undefined ||
      defaultMetadataStorage.findExposeMetadata(dto, field.name) !== undefined ||
      defaultMetadataStorage.findExcludeMetadata(dto, field.name) !== undefined,
  );
  if (
    list.length === 0 ||
    typed.size !== list.length ||
    transformed ||
    defaultMetadataStorage.getStrategy(dto) !== 'none'
  ) {
    return undefined;
  }
  return list;
}
