import { unsupportedMediaTypeMessage } from './non-json-bodies';

describe(unsupportedMediaTypeMessage.name, () => {
  it('should name the type that was sent and say what to send instead', () => {
    expect(unsupportedMediaTypeMessage('application/x-www-form-urlencoded')).toBe(
      'Content-Type application/x-www-form-urlencoded is not accepted; send the body as JSON with Content-Type: application/json',
    );
    expect(unsupportedMediaTypeMessage('Text/Plain; charset=utf-8')).toMatch(
      /^Content-Type text\/plain is not accepted/,
    );
  });

  it('should say the Content-Type is missing when there is none', () => {
    expect(unsupportedMediaTypeMessage(undefined)).toBe(
      'The request has a body but no Content-Type; send the body as JSON with Content-Type: application/json',
    );
  });

  it('should not echo a header value that is not a plain media type', () => {
    const message = unsupportedMediaTypeMessage('text/<script>alert(1)</script>');
    expect(message).not.toContain('<script>');
    expect(message).toContain('Content-Type: application/json');
  });
});
