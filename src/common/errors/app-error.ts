import { ERROR_STATUS, ErrorCode } from './error-codes';

export interface FieldError {
  field: string;
  message: string;
}

/**
 * The one error type services throw; the global filter turns it into `{code, message, detail}`.
 * `reason` refines a code for machines (IDENTITY_REJECTED: `banned`, `not_online`, …); it is a
 * top-level field of the body when set.
 */
export class AppError extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields?: FieldError[],
    readonly reason?: string,
  ) {
    super(message);
    this.name = 'AppError';
    this.status = ERROR_STATUS[code];
  }
}

export const notFound = (code: ErrorCode, message: string): AppError => new AppError(code, message);
