import { ValidationError, ValidationPipe } from '@nestjs/common';
import { AppError, FieldError } from '../errors/app-error';

function flatten(errors: ValidationError[], prefix: string, out: FieldError[]): FieldError[] {
  for (const error of errors) {
    const path = prefix ? `${prefix}.${error.property}` : error.property;
    for (const message of Object.values(error.constraints ?? {})) {
      out.push({ field: path, message });
    }
    if (error.children && error.children.length > 0) {
      flatten(error.children, path, out);
    }
  }
  return out;
}

/**
 * The global pipe: whitelist + forbid unknown query keys is too strict for the reference's clients
 * (they send extra body fields), so unknown properties are stripped, not refused.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    transform: true,
    whitelist: true,
    forbidNonWhitelisted: false,
    validateCustomDecorators: true,
    exceptionFactory: (errors) => {
      const fields = flatten(errors, '', []);
      const summary = fields.map((field) => `${field.field}: ${field.message}`).join('; ');
      return new AppError('VALIDATION_FAILED', `Invalid request: ${summary}`, fields);
    },
  });
}
