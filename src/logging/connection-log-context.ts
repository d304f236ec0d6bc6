import { AsyncResource } from 'node:async_hooks';
import type { EventEmitter } from 'node:events';
import { PinoLogger } from 'nestjs-pino';
// Not re-exported by the package index; the same AsyncLocalStorage its PinoLogger reads.
import { Store, storage } from 'nestjs-pino/storage';

type Listener = (...args: unknown[]) => void;

/**
 * Gives everything a WebSocket connection logs (its event handlers and the promises they start) a
 * logger of its own, so `new Logger(Class.name)` lines carry `conn_id`. Socket events fire in the
 * context of the TCP handle, not of our code, so each listener is bound to the connection's context
 * when registered (once per listener, not per message).
 */
export function runInConnectionContext(socket: EventEmitter, setup: () => void): Store {
  const store = new Store(PinoLogger.root);
  storage.run(store, () => {
    for (const method of ['on', 'once', 'addListener'] as const) {
      const original = socket[method].bind(socket) as (event: string | symbol, listener: Listener) => EventEmitter;
      socket[method] = ((event: string | symbol, listener: Listener) => original(event, AsyncResource.bind(listener))) as EventEmitter['on'];
    }
    setup();
  });
  return store;
}

/** Names the connection once its id is known (the gateway assigns it while handling the connect). */
export function nameConnection(store: Store, connId: string): void {
  store.logger = PinoLogger.root.child({ conn_id: connId });
}
