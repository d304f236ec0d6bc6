import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { errorBody } from './error-body';
import { toAppError } from './to-app-error';

/** One filter for every HTTP error: a stable JSON body, never a stack trace or SQL text. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger(AllExceptionsFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') {
      return;
    }
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    sendError(exception, request, reply, this.logger);
  }
}

export function sendError(exception: unknown, request: FastifyRequest, reply: FastifyReply, logger: Logger): void {
  const { appError, unexpected } = toAppError(exception);
  if (unexpected) {
    logger.error(`${request.method} ${request.url} failed [${request.id}]`, (exception as Error)?.stack);
  } else if (appError.status >= 500) {
    logger.warn(`${request.method} ${request.url}: ${appError.code} [${request.id}]`);
  }
  if (reply.sent) {
    return;
  }
  void reply
    .status(appError.status)
    .header('content-type', 'application/json; charset=utf-8')
    .send(errorBody(appError, String(request.id)));
}
