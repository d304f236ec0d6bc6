/**
 * What SignalingConnection needs from a WebSocket. Two implementations with the same exports:
 * socket-node.ts over the `ws` package and socket-browser.ts over the browser's own WebSocket; the
 * package's "browser" field makes bundlers take the second, so browser builds never pull in `ws`.
 */

/** The standard WebSocket readyState values. */
export const SocketState = { CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3 } as const;
export type SocketState = (typeof SocketState)[keyof typeof SocketState];

export interface SocketListeners {
  text(data: string): void;
  binary(data: Buffer): void;
  /** The socket closed after it had opened; a socket that never opened rejects `opened` instead. */
  close(code: number, reason: string): void;
}

export interface SocketOptions {
  /** The opening handshake fails after this long. */
  handshakeTimeoutMs: number;
}

export interface ClientSocket {
  /** Resolves when the socket opens; rejects when it cannot (refused, HTTP error, timeout, terminated). */
  readonly opened: Promise<void>;
  /** Resolves once the socket is closed, whichever way it got there. */
  readonly closed: Promise<void>;
  readonly readyState: SocketState;
  /** Bytes queued but not yet sent. */
  readonly bufferedAmount: number;
  send(data: string | Uint8Array): void;
  /** The closing handshake. */
  close(code: number, reason: string): void;
  /** Drops the connection at once (also abandons an opening handshake). */
  terminate(): void;
}

export type ConnectSocket = (url: string, options: SocketOptions, listeners: SocketListeners) => ClientSocket;
