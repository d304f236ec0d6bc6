import { PassThrough } from 'node:stream';
import { onClientError } from './framework-errors';

describe(onClientError.name, () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  function refuse(code: string, socket = new PassThrough()): { socket: PassThrough; text: () => string } {
    let text = '';
    socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
    socket.on('error', () => undefined);
    onClientError(Object.assign(new Error(code), { code }), socket);
    return { socket, text: () => text };
  }

  it('should answer headers over the limit with the project error body and Connection: close', () => {
    const { text } = refuse('HPE_HEADER_OVERFLOW');
    const [head, body] = text().split('\r\n\r\n');
    expect(head).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(head).toContain('\r\nConnection: close');
    expect(Number(/Content-Length: (\d+)/.exec(head)?.[1])).toBe(Buffer.byteLength(body));
    expect(JSON.parse(body)).toMatchObject({
      code: 'BAD_REQUEST',
      status_code: 400,
      message: 'Request line and headers are too large',
    });
  });

  it('should end the socket after the answer and cut it only after lingering, answering once', () => {
    jest.useFakeTimers();
    const { socket, text } = refuse('HPE_HEADER_OVERFLOW');
    const first = text();

    // Node's failed parser reports again for every chunk that still arrives.
    onClientError(Object.assign(new Error('again'), { code: 'HPE_HEADER_OVERFLOW' }), socket);

    expect(socket.writableEnded).toBe(true);
    expect(socket.destroyed).toBe(false);
    expect(text()).toBe(first);
    jest.advanceTimersByTime(1_000);
    expect(socket.destroyed).toBe(true);
  });

  it('should stay silent on a connection the client already reset, and drop it', () => {
    const { socket, text } = refuse('ECONNRESET');

    expect(text()).toBe('');
    expect(socket.destroyed).toBe(true);
  });
});
