import WebSocket from 'ws';
import { ClientSocket, SocketListeners, SocketOptions } from './socket';

/** A signaling socket on Node, over `ws` (browser builds use socket-browser.ts instead). */
export function connectSocket(url: string, options: SocketOptions, listeners: SocketListeners): ClientSocket {
  const ws = new WebSocket(url, { perMessageDeflate: false, handshakeTimeout: options.handshakeTimeoutMs });
  const closed = new Promise<void>((resolve) => ws.once('close', () => resolve()));
  let wasOpen = false;
  const opened = new Promise<void>((resolve, reject) => {
    let failed = false;
    const fail = (error: Error): void => {
      if (!failed && !wasOpen) {
        failed = true;
        ws.terminate();
        reject(error);
      }
    };
    ws.once('open', () => {
      if (!failed) {
        wasOpen = true;
        resolve();
      }
    });
    // Before the socket opens an error fails the attempt; after, a 'close' always follows and that
    // is where the connection reacts, so later errors need no handling here.
    ws.on('error', fail);
    ws.once('unexpected-response', (_request, response) =>
      fail(new Error(`upgrade refused with HTTP ${response.statusCode}`)),
    );
    ws.once('close', () => fail(new Error('socket closed before it opened')));
  });
  ws.on('message', (data, isBinary) => {
    const buffer = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
    if (isBinary) {
      listeners.binary(buffer);
    } else {
      listeners.text(buffer.toString('utf8'));
    }
  });
  ws.once('close', (code, reason) => {
    if (wasOpen) {
      listeners.close(code, reason.toString('utf8'));
    }
  });
  return {
    opened,
    closed,
    get readyState() {
      return ws.readyState;
    },
    get bufferedAmount() {
      return ws.bufferedAmount;
    },
    send: (data) => ws.send(data),
    close: (code, reason) => ws.close(code, reason),
    terminate: () => ws.terminate(),
  };
}
