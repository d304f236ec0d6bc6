import { Injectable, PipeTransform } from '@nestjs/common';
import { AppError } from '../common/errors/app-error';
import { ID_MESSAGE } from '../common/validation/ids';
import { parseSessionRef, SessionRef } from './session-ref';

function invalidParam(field: string, message: string): AppError {
  return new AppError('VALIDATION_FAILED', `Invalid request: ${field}: ${message}`, [{ field, message }]);
}

/** `{session}`: the integer id or the string session_id. */
@Injectable()
export class SessionRefPipe implements PipeTransform<string, SessionRef> {
  transform(value: string): SessionRef {
    const ref = parseSessionRef(value);
    if (!ref) {
      throw invalidParam('session', `must be a session id (digits) or a session_id that ${ID_MESSAGE}`);
    }
    return ref;
  }
}
