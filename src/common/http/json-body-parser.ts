import { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { RawServerDefault } from 'fastify';
import { AppError } from '../errors/app-error';

/** Request bodies are refused above this size (413 PAYLOAD_TOO_LARGE). */
export const BODY_LIMIT_BYTES = 1024 * 1024;

/**
 * No request body nests deeper than 4 levels (ice_servers[].urls[]); 32 leaves room for clients
 * that wrap theirs. The limit exists because class-transformer and class-validator recurse over
 * the whole body, extra properties included, and overflow the stack a few thousand levels down.
 */
export const MAX_JSON_DEPTH = 32;

/** Whether arrays and objects nest more than `limit` levels deep (iterative, so any depth is safe to check). */
export function nestsDeeperThan(value: unknown, limit: number): boolean {
  const pending: [unknown, number][] = [[value, 1]];
  while (pending.length > 0) {
    const [current, depth] = pending.pop()!;
    if (current === null || typeof current !== 'object') {
      continue;
    }
    if (depth > limit) {
      return true;
    }
    for (const child of Object.values(current)) {
      pending.push([child, depth + 1]);
    }
  }
  return false;
}

/**
 * Fastify's own JSON parser (prototype-poisoning checks and error codes unchanged) followed by the
 * depth check, so a deep body is a 422 before anything walks it rather than a 500 from a stack overflow.
 */
export function registerJsonBodyParser(app: NestFastifyApplication): void {
  const parse = app.getHttpAdapter().getInstance().getDefaultJsonParser('error', 'error');
  app.useBodyParser<RawServerDefault>('application/json', { bodyLimit: BODY_LIMIT_BYTES }, (request, body, done) => {
    // Fastify's parser is synchronous and answers through the callback; nothing to await.
    void parse(request, body.toString('utf8'), (error, value) => {
      if (error) {
        done(error, undefined);
      } else if (nestsDeeperThan(value, MAX_JSON_DEPTH)) {
        done(new AppError('VALIDATION_FAILED', `Invalid request: the body nests more than ${MAX_JSON_DEPTH} levels deep`), undefined);
      } else {
        done(null, value);
      }
    });
  });
}
