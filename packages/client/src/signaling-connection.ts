import { BackoffOptions, ReconnectBackoff } from './backoff';
import { ClientSocket, SocketState } from './socket';
// socket-browser in browser builds (the package's "browser" field): same exports, no `ws`.
import { connectSocket } from './socket-node';
import { TypedEmitter } from './typed-emitter';

export interface ConnectionEvents {
  /** A socket opened; `reconnect` is true when it replaced a lost one. */
  open: [{ reconnect: boolean }];
  text: [string];
  binary: [Buffer];
  /** A socket closed; `willReconnect` tells whether a new attempt is scheduled. */
  closed: [{ code: number; reason: string; willReconnect: boolean }];
  reconnecting: [{ attempt: number; delayMs: number }];
  /** A reconnect attempt failed, or the budget ran out (`final`). */
  failed: [{ error: Error; final: boolean }];
}

export interface ConnectionOptions {
  /** Builds the URL of each attempt, so a token can be refreshed between attempts. */
  url: () => Promise<string>;
  /** false: never reconnect. Otherwise the schedule (the DLL's by default). */
  reconnect: false | BackoffOptions;
  handshakeTimeoutMs?: number;
}

/**
 * One logical signaling connection over successive sockets. A socket closed by anyone but us is
 * replaced following the DLL's backoff; the owner re-joins on `open {reconnect: true}`.
 */
export class SignalingConnection extends TypedEmitter<ConnectionEvents> {
  private socket: ClientSocket | undefined;
  private readonly backoff: ReconnectBackoff | undefined;
  private closing = false;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly options: ConnectionOptions) {
    super();
    this.backoff = options.reconnect === false ? undefined : new ReconnectBackoff(options.reconnect);
  }

  get isOpen(): boolean {
    return this.socket?.readyState === SocketState.OPEN;
  }

  /** Unsent bytes on the current socket (for callers that pace themselves). */
  get bufferedAmount(): number {
    return this.socket?.bufferedAmount ?? 0;
  }

  /** The first connection; rejects when it cannot be opened (no retry: the caller decides). */
  async open(): Promise<void> {
    this.closing = false;
    await this.openSocket();
    this.backoff?.recordSuccess();
    this.emit('open', { reconnect: false });
  }

  /** Sends on the current socket; false when there is none open (the message is dropped). */
  send(data: string | Uint8Array): boolean {
    if (!this.isOpen || !this.socket) {
      return false;
    }
    this.socket.send(data);
    return true;
  }

  /** Closes for good: no reconnect follows. */
  close(code = 1000, reason = ''): Promise<void> {
    this.closing = true;
    clearTimeout(this.retryTimer);
    const socket = this.socket;
    if (!socket || socket.readyState === SocketState.CLOSED) {
      return Promise.resolve();
    }
    if (socket.readyState === SocketState.CONNECTING) {
      socket.terminate();
    } else {
      socket.close(code, reason);
    }
    return socket.closed;
  }

  private async openSocket(): Promise<void> {
    const url = await this.options.url();
    const socket: ClientSocket = connectSocket(
      url,
      { handshakeTimeoutMs: this.options.handshakeTimeoutMs ?? 10_000 },
      {
        text: (text) => this.emit('text', text),
        binary: (data) => this.emit('binary', data),
        close: (code, reason) => this.onClose(socket, code, reason),
      },
    );
    this.socket = socket;
    await socket.opened;
  }

  private onClose(socket: ClientSocket, code: number, reason: string): void {
    if (socket !== this.socket) {
      return;
    }
    const willReconnect = !this.closing && this.backoff !== undefined;
    this.emit('closed', { code, reason, willReconnect });
    if (willReconnect) {
      this.scheduleReconnect();
    }
  }

  private scheduleReconnect(): void {
    const backoff = this.backoff as ReconnectBackoff;
    const delayMs = backoff.nextDelay();
    if (delayMs === undefined) {
      this.emit('failed', {
        error: new Error(`gave up after ${backoff.attempts} failed reconnection attempts`),
        final: true,
      });
      return;
    }
    this.emit('reconnecting', { attempt: backoff.attempts + 1, delayMs });
    this.retryTimer = setTimeout(() => {
      this.openSocket().then(
        () => {
          if (this.closing) {
            this.socket?.terminate();
            return;
          }
          backoff.recordSuccess();
          this.emit('open', { reconnect: true });
        },
        (error: unknown) => {
          backoff.recordFailure();
          this.emit('failed', { error: error instanceof Error ? error : new Error(String(error)), final: false });
          if (!this.closing) {
            this.scheduleReconnect();
          }
        },
      );
    }, delayMs);
  }
}
