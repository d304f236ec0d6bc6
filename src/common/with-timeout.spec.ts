import { createServer, connect, Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { withTimeout } from './with-timeout';

/** Blocks the event loop, as a long GC pause or a starved core does. */
const stall = (ms: number): void => {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    // busy
  }
};

describe('withTimeout', () => {
  it('resolves with the value when it comes in time', async () => {
    await expect(withTimeout(Promise.resolve(7), 50)).resolves.toBe(7);
  });

  it('rejects with the message when nothing comes', async () => {
    await expect(withTimeout(new Promise(() => undefined), 20, 'no reply')).rejects.toThrow('no reply');
  });

  it('does not report a timeout for an answer that arrived while the event loop was stalled', async () => {
    const server = createServer();
    const accepted = new Promise<Socket>((resolve) => server.once('connection', resolve));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const client = connect((server.address() as AddressInfo).port, '127.0.0.1');
    const serverSide = await accepted;
    try {
      const reply = new Promise<Buffer>((resolve) => client.once('data', resolve));
      const raced = withTimeout(reply, 30, 'no reply');
      // The answer reaches the socket at once, then the loop stalls past the timeout.
      serverSide.write('pong');
      stall(150);
      await expect(raced).resolves.toEqual(Buffer.from('pong'));
    } finally {
      client.destroy();
      serverSide.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
