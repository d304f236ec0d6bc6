import { HttpException } from '@nestjs/common';
import { AppError } from '../errors/app-error';
import { isDatabaseUnavailable, isUniqueViolation } from '../errors/database-errors';
import { ErrorCode } from '../errors/error-codes';

const HTTP_CODES: Record<number, ErrorCode> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'VALIDATION_FAILED',
  429: 'RATE_LIMITED',
  503: 'SHUTTING_DOWN',
};

interface FastifyLikeError {
  code?: string;
  statusCode?: number;
  message?: string;
}

/** Maps Fastify's own errors (body parsing, limits) to the vocabulary without leaking internals. */
function fromFastify(error: FastifyLikeError): AppError | undefined {
  const code = error.code ?? '';
  if (
    code === 'FST_ERR_CTP_INVALID_JSON_BODY' ||
    code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ||
    code === 'FST_ERR_CTP_INVALID_CONTENT_LENGTH'
  ) {
    return new AppError('INVALID_JSON', 'Request body is not valid JSON');
  }
  if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return new AppError('PAYLOAD_TOO_LARGE', 'Request body is too large');
  }
  if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    // A Content-Type header that does not parse (`json`, `;`); the others reach non-json-bodies.ts.
    return new AppError(
      'UNSUPPORTED_MEDIA_TYPE',
      'This Content-Type is not accepted; send the body as JSON with Content-Type: application/json',
    );
  }
  if (code === 'FST_ERR_BAD_URL' || code === 'FST_ERR_CTP_INVALID_TYPE') {
    return new AppError('BAD_REQUEST', 'Malformed request');
  }
  if (code === 'FST_ERR_MAX_PARAM_LENGTH') {
    // 414 is outside the vocabulary; like every other status without a code of its own, it is a 400.
    return new AppError('BAD_REQUEST', 'A path segment is too long');
  }
  if (code.startsWith('FST_') && error.statusCode && error.statusCode < 500) {
    return new AppError(HTTP_CODES[error.statusCode] ?? 'BAD_REQUEST', 'Malformed request');
  }
  if (error instanceof SyntaxError && (error as FastifyLikeError).statusCode === 400) {
    return new AppError('INVALID_JSON', 'Request body is not valid JSON');
  }
  return undefined;
}

/** Anything thrown anywhere becomes an AppError; unknown errors become INTERNAL (and are logged). */
export function toAppError(error: unknown): { appError: AppError; unexpected: boolean } {
  if (error instanceof AppError) {
    return { appError: error, unexpected: false };
  }
  if (error instanceof HttpException) {
    // Nest wraps Fastify's body-parsing errors; the original carries the precise code.
    const wrapped = fromFastify(error.cause ?? {});
    if (wrapped) {
      return { appError: wrapped, unexpected: false };
    }
    const status = error.getStatus();
    const message = status === 404 ? 'Not Found' : error.message;
    return {
      appError: new AppError(HTTP_CODES[status] ?? (status >= 500 ? 'INTERNAL' : 'BAD_REQUEST'), message),
      unexpected: status >= 500,
    };
  }
  if (isDatabaseUnavailable(error)) {
    return {
      appError: new AppError('DATABASE_UNAVAILABLE', 'The database is unavailable; try again shortly'),
      unexpected: false,
    };
  }
  if (isUniqueViolation(error)) {
    return { appError: new AppError('CONFLICT', 'The resource was modified concurrently; retry'), unexpected: false };
  }
  const fastify = fromFastify(error ?? {});
  if (fastify) {
    return { appError: fastify, unexpected: false };
  }
  return { appError: new AppError('INTERNAL', 'Internal server error'), unexpected: true };
}
