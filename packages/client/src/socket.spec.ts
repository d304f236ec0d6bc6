import { createServer, Server } from 'node:http';
import { AddressInfo, Socket } from 'node:net';
import WebSocket, { WebSocketServer } from 'ws';
import { ConnectSocket, SocketListeners, SocketState } from './socket';
import { connectSocket as connectBrowser } from './socket-browser';
import { connectSocket as connectNode } from './socket-node';

/**
 * Both socket implementations against a real server. The browser one runs here on `ws`'s
 * WHATWG-style interface standing in for the browser's WebSocket (binaryType, addEventListener,
 * MessageEvent.data, CloseEvent.code); test/e2e/client-sdk-browser.e2e-spec.ts runs it in Chromium.
 */
const events = (): { listeners: SocketListeners; seen: unknown[] } => {
  const seen: unknown[] = [];
  return {
    seen,
    listeners: {
      text: (data) => seen.push(['text', data]),
      binary: (data) => seen.push(['binary', Buffer.isBuffer(data), data.toString('hex')]),
      close: (code, reason) => seen.push(['close', code, reason]),
    },
  };
};

const until = async (check: () => boolean, timeoutMs = 2000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) {
      throw new Error('condition not met in time');
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

describe.each<[string, ConnectSocket, RegExp]>([
  ['socket-node', connectNode, /upgrade refused with HTTP 403/],
  // A browser does not tell a page why its WebSocket failed.
  ['socket-browser', connectBrowser, /could not connect/],
])('%s', (_name, connectSocket, refusal) => {
  let server: WebSocketServer;
  let url: string;
  const originalWebSocket = globalThis.WebSocket;

  beforeAll(async () => {
    (globalThis as { WebSocket: unknown }).WebSocket = WebSocket;
    server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await new Promise((resolve) => server.once('listening', resolve));
    url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
    server.on('connection', (peer) => {
      peer.on('message', (data, isBinary) => {
        // The server's messages arrive as one Buffer each (ws's default binaryType).
        if (!isBinary && (data as Buffer).toString() === 'bye') {
          peer.close(4001, 'done');
        } else {
          peer.send(data, { binary: isBinary });
        }
      });
    });
  });

  afterAll(async () => {
    (globalThis as { WebSocket: unknown }).WebSocket = originalWebSocket;
    await new Promise((resolve) => server.close(resolve));
  });

  it('should open, carry text and binary both ways, and report the close', async () => {
    const { listeners, seen } = events();
    const socket = connectSocket(url, { handshakeTimeoutMs: 2000 }, listeners);
    expect(socket.readyState).toBe(SocketState.CONNECTING);
    await socket.opened;
    expect(socket.readyState).toBe(SocketState.OPEN);

    socket.send('hello');
    socket.send(new Uint8Array([0x50, 0x32, 0x00, 0xff]));
    await until(() => seen.length === 2);
    socket.send('bye');
    await socket.closed;

    expect(seen).toEqual([
      ['text', 'hello'],
      ['binary', true, '503200ff'],
      ['close', 4001, 'done'],
    ]);
    expect(socket.readyState).toBe(SocketState.CLOSED);
  });

  it('should close with a code and reason of its own', async () => {
    const closed = new Promise<[number, string]>((resolve) =>
      server.once('connection', (peer) => peer.once('close', (code, reason) => resolve([code, reason.toString()]))),
    );
    const { listeners, seen } = events();
    const socket = connectSocket(url, { handshakeTimeoutMs: 2000 }, listeners);
    await socket.opened;
    socket.close(1000, 'leaving');
    await socket.closed;

    expect(await closed).toEqual([1000, 'leaving']);
    expect(seen).toEqual([['close', 1000, 'leaving']]);
  });

  it('should reject a refused connection and never report a close', async () => {
    const { listeners, seen } = events();
    const socket = connectSocket('ws://127.0.0.1:1', { handshakeTimeoutMs: 2000 }, listeners);

    await expect(socket.opened).rejects.toThrow();
    await socket.closed;
    expect(seen).toEqual([]);
  });

  it('should reject an upgrade the server refuses', async () => {
    const http: Server = createServer((_request, response) => response.writeHead(403).end());
    http.on('upgrade', (_request, socket: Socket) => socket.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n'));
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    try {
      const socket = connectSocket(
        `ws://127.0.0.1:${(http.address() as AddressInfo).port}`,
        { handshakeTimeoutMs: 2000 },
        events().listeners,
      );
      await expect(socket.opened).rejects.toThrow(refusal);
      await socket.closed;
    } finally {
      http.closeAllConnections();
      await new Promise((resolve) => http.close(resolve));
    }
  });

  it('should give up on a handshake that never completes, and on one it abandons', async () => {
    // Upgrade requests it never answers (their sockets leave the server's own tracking: kept here).
    const held: Socket[] = [];
    const silent: Server = createServer();
    silent.on('upgrade', (_request, socket: Socket) => held.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const silentUrl = `ws://127.0.0.1:${(silent.address() as AddressInfo).port}`;
    try {
      const started = Date.now();
      const timedOut = connectSocket(silentUrl, { handshakeTimeoutMs: 200 }, events().listeners);
      await expect(timedOut.opened).rejects.toThrow(/time/);
      expect(Date.now() - started).toBeGreaterThanOrEqual(150);

      const abandoned = connectSocket(silentUrl, { handshakeTimeoutMs: 5000 }, events().listeners);
      abandoned.terminate();
      await expect(abandoned.opened).rejects.toThrow();
      await abandoned.closed;
      expect(abandoned.readyState).toBe(SocketState.CLOSED);
    } finally {
      held.forEach((socket) => socket.destroy());
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});
