import { PinoLogger } from 'nestjs-pino';
// Not re-exported by the package index; the same AsyncLocalStorage its PinoLogger reads.
import { Store, storage } from 'nestjs-pino/storage';
import { WebSocket } from 'ws';

type Logger = Store['logger'];

/**
 * The logging store of one WebSocket connection. Most peers stay idle and never log, so the pino
 * child logger carrying `conn_id` is made on first use rather than at connect (a child logger
 * costs about 250 bytes of heap). Until the connection is named it logs with the root.
 */
export class ConnectionLogStore implements Store {
  connId?: string;
  responseLogger?: Logger;
  private own?: Logger;

  get logger(): Logger {
    if (this.own === undefined && this.connId !== undefined) {
      this.own = PinoLogger.root.child({ conn_id: this.connId });
    }
    return this.own ?? PinoLogger.root;
  }

  /** PinoLogger.assign replaces the store's logger with a child of it. */
  set logger(logger: Logger) {
    this.own = logger;
  }
}

/**
 * The server's WebSocket class. Socket events fire in the context of the TCP handle, not of our
 * code, so each event of a connection is emitted in the connection's store: everything its
 * listeners log, including the promises they start, carries `conn_id`. Done once per event in
 * `emit` rather than per listener: `AsyncResource.bind` on each listener, as before, cost about
 * 2.8 KB of heap per listener on Node 20 (an AsyncResource, deprecation wrappers and a property
 * dictionary on every bound function), six per connection; here a connection costs one field.
 * Every listener of the socket now runs in its store, including ws's and Nest's own.
 */
export class ConnectionWebSocket extends WebSocket {
  /** Set by the adapter when the connection is accepted; undefined for a socket it has not named. */
  logStore?: ConnectionLogStore;

  override emit(event: string | symbol, ...args: unknown[]): boolean {
    const store = this.logStore;
    return store === undefined ? super.emit(event, ...args) : storage.run(store, () => super.emit(event, ...args));
  }
}

/** Runs the connection's setup (the gateway's connect handler) in a new store, kept on the socket. */
export function runInConnectionContext(socket: object, setup: () => void): ConnectionLogStore {
  const store = new ConnectionLogStore();
  if (socket instanceof ConnectionWebSocket) {
    socket.logStore = store;
  }
  storage.run(store, setup);
  return store;
}

/** Names the current connection's log context; the gateway calls it once it assigns the id. */
export function nameConnection(connId: string): void {
  const store = storage.getStore();
  if (store instanceof ConnectionLogStore) {
    store.connId = connId;
  }
}
