import { AppError, FieldError } from '../errors/app-error';
import { ErrorCode } from '../errors/error-codes';

/**
 * The JSON error body. `detail` keeps the earlier coordinator's field (a string, or for validation the
 * FastAPI-style list of `{loc, msg, type}`), `code` is the stable machine-readable part.
 */
export interface ErrorBody {
  code: ErrorCode;
  message: string;
  detail: string | { loc: string[]; msg: string; type: string }[];
  status_code: number;
  reason?: string;
  errors?: FieldError[];
  correlation_id?: string;
}

export function errorBody(error: AppError, correlationId?: string): ErrorBody {
  const body: ErrorBody = {
    code: error.code,
    message: error.message,
    detail: error.message,
    status_code: error.status,
    correlation_id: correlationId,
  };
  if (error.reason !== undefined) {
    body.reason = error.reason;
  }
  if (error.fields && error.fields.length > 0) {
    body.errors = error.fields;
    body.detail = error.fields.map((field) => ({
      loc: field.field.split('.'),
      msg: field.message,
      type: 'value_error',
    }));
  }
  return body;
}
