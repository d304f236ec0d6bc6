import { Logger } from '@nestjs/common';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { Duplex } from 'node:stream';
import { AppError } from '../errors/app-error';
import { errorBody } from '../filters/error-body';
import { sendError } from '../filters/all-exceptions.filter';

const logger = new Logger('HttpErrors');

/**
 * The router's own errors (a malformed percent-encoding, an over-long path parameter) happen before
 * any hook, guard or filter runs; Fastify (and Nest's default) answer them in Fastify's shape with
 * the raw URL echoed. They go through the same mapping as every other error instead.
 */
export function onFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  // No hooks run for these, so the onSend hook that sets it elsewhere does not either.
  void reply.header('x-request-id', request.id);
  sendError(error, request, reply, logger);
}

const CLIENT_ERROR_MESSAGES: Record<string, string> = {
  HPE_HEADER_OVERFLOW: 'Request line and headers are too large',
  ERR_HTTP_REQUEST_TIMEOUT: 'The request was not received in time',
};

/** How long a refused connection keeps reading (and discarding) after its answer before it is cut. */
const LINGER_MS = 1_000;
const answered = new WeakSet<Duplex>();

/**
 * Errors of Node's HTTP parser (headers over the size limit, a broken request line), where no
 * request exists yet. Same body as every other error, and `Connection: close`: without the header a
 * keep-alive client sends its next request into the dead socket (Fastify's default handler omits it).
 *
 * The answer is followed by a lingering close, not an immediate destroy: the client is usually still
 * sending (the rest of oversized headers, a body), and closing a socket with unread data makes the
 * kernel send a reset, which can destroy the answer before the client reads it (the REST fuzz saw
 * `ECONNRESET` instead of the 400). What still arrives is read and dropped until the client closes
 * or LINGER_MS has passed; Node's failed parser may call this again per chunk, and is ignored.
 */
export function onClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (answered.has(socket)) {
    return;
  }
  if (error.code === 'ECONNRESET' || socket.destroyed || !socket.writable) {
    socket.destroy();
    return;
  }
  answered.add(socket);
  const body = JSON.stringify(
    errorBody(
      new AppError('BAD_REQUEST', CLIENT_ERROR_MESSAGES[error.code ?? ''] ?? 'Malformed HTTP request'),
      randomUUID(),
    ),
  );
  socket.end(
    `HTTP/1.1 400 Bad Request\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
  socket.on('error', () => undefined);
  // Read and drop whatever still arrives, whether or not Node's parser is still attached.
  socket.on('data', () => undefined);
  socket.resume();
  setTimeout(() => socket.destroy(), LINGER_MS).unref();
}
