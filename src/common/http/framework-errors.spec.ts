import { PassThrough } from 'node:stream';
import { onClientError } from './framework-errors';

describe(onClientError.name, () => {
  function answer(code: string): { text: string; destroyed: boolean } {
    const socket = new PassThrough();
    let text = '';
    socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
    socket.on('error', () => undefined);
    onClientError(Object.assign(new Error(code), { code }), socket);
    return { text, destroyed: socket.destroyed };
  }

  it('should answer headers over the limit with the project error body and Connection: close', () => {
    const { text, destroyed } = answer('HPE_HEADER_OVERFLOW');
    const [head, body] = text.split('\r\n\r\n');
    expect(head).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(head).toContain('\r\nConnection: close');
    expect(Number(/Content-Length: (\d+)/.exec(head)?.[1])).toBe(Buffer.byteLength(body));
    expect(JSON.parse(body)).toMatchObject({ code: 'BAD_REQUEST', status_code: 400, message: 'Request line and headers are too large' });
    expect(destroyed).toBe(true);
  });

  it('should stay silent on a connection the client already reset', () => {
    expect(answer('ECONNRESET').text).toBe('');
  });
});
