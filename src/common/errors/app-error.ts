import { ERROR_STATUS, ErrorCode } from './error-codes';

export interface FieldError {
  field: string;
  message: string;
}

/** The one error type services throw; the global filter turns it into `{code, message, detail}`. */
export class AppError extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields?: FieldError[],
  ) {
    super(message);
    this.name = 'AppError';
    this.status = ERROR_STATUS[code];
  }
}

export const notFound = (code: ErrorCode, message: string): AppError => new AppError(code, message);
