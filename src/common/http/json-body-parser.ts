import { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { RawServerDefault } from 'fastify';
import { JsonShapeLimits, jsonShapeProblem, MAX_JSON_DEPTH } from '../../protocol/json-shape';
import { AppError } from '../errors/app-error';
import { refuseNonJsonBodies } from './non-json-bodies';

/** Where the e2e specs and earlier callers look for it; the limit itself belongs to the shape check. */
export { MAX_JSON_DEPTH };

/** Request bodies are refused above this size (413 PAYLOAD_TOO_LARGE). */
export const BODY_LIMIT_BYTES = 1024 * 1024;

/**
 * REST bodies nesting past MAX_JSON_DEPTH are refused: class-transformer and class-validator
 * recurse over the whole body, extra properties included, and overflow the stack a few thousand
 * levels down. Depth only: a session may be created with 1,000 `player_ids`, so a width or value
 * limit would refuse valid bodies; the body size limit and each field's ArrayMaxSize bound the rest.
 */
const REST_BODY_LIMITS: JsonShapeLimits = { depth: MAX_JSON_DEPTH, width: Infinity, nodes: Infinity };

/** What makes a parsed body unsafe to validate (the 422's message), or undefined. */
export function bodyShapeProblem(value: unknown): string | undefined {
  const problem = jsonShapeProblem(value, REST_BODY_LIMITS);
  return problem === undefined ? undefined : `Invalid request: the body ${problem}`;
}

/**
 * Fastify's own JSON parser (prototype-poisoning checks and error codes unchanged) followed by the
 * shape check, so a deep body is a 422 before anything walks it rather than a 500 from a stack overflow.
 * It is the only body parser: every other content type is answered 415 (see non-json-bodies.ts).
 */
export function registerJsonBodyParser(app: NestFastifyApplication): void {
  const parse = app.getHttpAdapter().getInstance().getDefaultJsonParser('error', 'error');
  app.useBodyParser<RawServerDefault>('application/json', { bodyLimit: BODY_LIMIT_BYTES }, (request, body, done) => {
    // Fastify's parser is synchronous and answers through the callback; nothing to await.
    void parse(request, body.toString('utf8'), (error, value) => {
      if (error) {
        done(error, undefined);
        return;
      }
      const problem = bodyShapeProblem(value);
      if (problem !== undefined) {
        done(new AppError('VALIDATION_FAILED', problem), undefined);
      } else {
        done(null, value);
      }
    });
  });
  refuseNonJsonBodies(app);
}
