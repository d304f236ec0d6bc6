import { ClientSocket, SocketListeners, SocketOptions, SocketState } from './socket';

/**
 * A signaling socket in a browser, over its own WebSocket (same exports as socket-node.ts, which
 * bundlers replace with this file). Binary messages arrive as ArrayBuffers and are handed on as
 * Buffers, as on Node. A browser does not say why a connection failed (no HTTP status), and it
 * lets a page close a socket only with 1000 or 3000-4999.
 */
export function connectSocket(url: string, options: SocketOptions, listeners: SocketListeners): ClientSocket {
  const BrowserWebSocket = globalThis.WebSocket;
  if (typeof BrowserWebSocket !== 'function') {
    throw new Error('this environment has no WebSocket');
  }
  const ws = new BrowserWebSocket(url);
  ws.binaryType = 'arraybuffer';
  const closed = new Promise<void>((resolve) => ws.addEventListener('close', () => resolve()));
  let wasOpen = false;
  const opened = new Promise<void>((resolve, reject) => {
    let failed = false;
    const fail = (error: Error): void => {
      clearTimeout(timer);
      if (!failed && !wasOpen) {
        failed = true;
        ws.close();
        reject(error);
      }
    };
    const timer = setTimeout(
      () => fail(new Error(`opening handshake timed out after ${options.handshakeTimeoutMs} ms`)),
      options.handshakeTimeoutMs,
    );
    ws.addEventListener('open', () => {
      clearTimeout(timer);
      if (!failed) {
        wasOpen = true;
        resolve();
      }
    });
    ws.addEventListener('error', () => fail(new Error(`could not connect to ${url}`)));
    ws.addEventListener('close', (event) => fail(new Error(`socket closed before it opened (${event.code})`)));
  });
  ws.addEventListener('message', (event) => {
    const data: unknown = event.data;
    if (typeof data === 'string') {
      listeners.text(data);
    } else if (data instanceof ArrayBuffer) {
      listeners.binary(Buffer.from(data));
    }
  });
  ws.addEventListener('close', (event) => {
    if (wasOpen) {
      listeners.close(event.code, event.reason);
    }
  });
  return {
    opened,
    closed,
    get readyState() {
      return ws.readyState as SocketState;
    },
    get bufferedAmount() {
      return ws.bufferedAmount;
    },
    send: (data) => ws.send(data),
    close: (code, reason) => ws.close(code === 1000 || (code >= 3000 && code <= 4999) ? code : 1000, reason),
    // There is no abrupt close in a browser; close() also abandons an opening handshake.
    terminate: () => ws.close(),
  };
}
