import { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { RawServerDefault } from 'fastify';
import { AppError } from '../errors/app-error';

/** How a refusal names the type a client sent; anything stranger is not echoed back. */
const MEDIA_TYPE = /^[a-z0-9!#$&^_.+-]{1,64}\/[a-z0-9!#$&^_.+-]{1,64}$/;

/** The 415's message: what was sent, and what to send instead. */
export function unsupportedMediaTypeMessage(contentType: string | undefined): string {
  const mediaType = contentType?.split(';')[0].trim().toLowerCase() ?? '';
  if (mediaType === '') {
    return 'The request has a body but no Content-Type; send the body as JSON with Content-Type: application/json';
  }
  const named = MEDIA_TYPE.test(mediaType) ? `Content-Type ${mediaType}` : 'This Content-Type';
  return `${named} is not accepted; send the body as JSON with Content-Type: application/json`;
}

/**
 * Every body that is not `application/json` is refused with 415 UNSUPPORTED_MEDIA_TYPE. Without
 * this, Nest's form parser and Fastify's text parser handed the handlers a form object or a string,
 * and `curl -d` (form-encoded unless told otherwise) got a 422 about a missing field it had sent.
 *
 * A request without a body needs no Content-Type (Fastify parses nothing then), so bodiless POSTs
 * keep working. An unknown route keeps its 404: the missing route is the more useful answer.
 */
export function refuseNonJsonBodies(app: NestFastifyApplication): void {
  const fastify = app.getHttpAdapter().getInstance();
  // Fastify's built-in parser; its JSON one is replaced by registerJsonBodyParser.
  fastify.removeContentTypeParser('text/plain');
  // Through Nest, so its own form-encoded parser (registered at start-up) is not added next to it.
  app.useBodyParser<RawServerDefault>('*', {}, (request, _body, done) => {
    if ((request as { is404?: boolean }).is404 === true) {
      done(null, undefined);
      return;
    }
    done(new AppError('UNSUPPORTED_MEDIA_TYPE', unsupportedMediaTypeMessage(request.headers['content-type'])));
  });
}
