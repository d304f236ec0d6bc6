import { ArgumentMetadata, PipeTransform, ValidationPipe } from '@nestjs/common';
import { AppError } from '../errors/app-error';
import { BodyCheck, compileNumberBodyCheck } from './number-body-check';
import { fieldErrors, summarize } from './validation-messages';

const BUILT_IN_TYPES: unknown[] = [Object, String, Number, Boolean, Array];

function validationPipe(forbidUnknown: boolean): ValidationPipe {
  return new ValidationPipe({
    transform: true,
    whitelist: true,
    forbidNonWhitelisted: forbidUnknown,
    validateCustomDecorators: true,
    exceptionFactory: (errors) => {
      const fields = fieldErrors(errors);
      return new AppError('VALIDATION_FAILED', summarize(fields), fields);
    },
  });
}

/**
 * The global pipe. A body field the DTO does not declare is refused (`unknown field: p2p_priorty`):
 * ignoring it let a typo answer 200 and change nothing. The extra fields the DLL and the earlier
 * coordinator's clients send are declared on their DTOs as accepted and ignored, so they still pass.
 * Unknown query parameters are only dropped: browsers, proxies and monitoring tools add their own
 * (cache busters, tracking), and a query string changes nothing a client could lose silently.
 */
export class RequestValidationPipe implements PipeTransform {
  private readonly bodies = validationPipe(true);
  private readonly others = validationPipe(false);
  /** Per body DTO class: its shortcut, or null when it has none (see number-body-check.ts). */
  private readonly bodyChecks = new Map<unknown, BodyCheck | null>();

  async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type !== 'body') {
      return this.others.transform(value, metadata);
    }
    const accepted = this.bodyCheck(metadata.metatype)?.(value);
    if (accepted) {
      return accepted;
    }
    if (value !== undefined && !isJsonObject(value) && isDtoClass(metadata.metatype)) {
      // Otherwise every field of the DTO would be reported missing from a `[]` or `"text"` body.
      const fields = [{ field: 'body', message: 'the body must be a JSON object' }];
      throw new AppError('VALIDATION_FAILED', 'Invalid request: the body must be a JSON object', fields);
    }
    return this.bodies.transform(value, metadata);
  }

  private bodyCheck(metatype: ArgumentMetadata['metatype']): BodyCheck | undefined {
    if (!isDtoClass(metatype)) {
      return undefined;
    }
    let check = this.bodyChecks.get(metatype);
    if (check === undefined) {
      check = compileNumberBodyCheck(metatype as new () => object) ?? null;
      this.bodyChecks.set(metatype, check);
    }
    return check ?? undefined;
  }
}

function isJsonObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isDtoClass(metatype: ArgumentMetadata['metatype']): boolean {
  return typeof metatype === 'function' && !BUILT_IN_TYPES.includes(metatype);
}

export function createValidationPipe(): PipeTransform {
  return new RequestValidationPipe();
}
