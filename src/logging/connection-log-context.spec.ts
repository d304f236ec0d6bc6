import { PinoLogger } from 'nestjs-pino';
import { storage } from 'nestjs-pino/storage';
import pino from 'pino';
import {
  ConnectionLogStore,
  ConnectionWebSocket,
  nameConnection,
  runInConnectionContext,
} from './connection-log-context';

describe('connection log context', () => {
  const root = pino({ level: 'silent' });

  beforeAll(() => {
    // Set by LoggerModule in the app; readonly in its typings.
    Object.assign(PinoLogger, { root });
  });

  it('logs with the root until named, then with one child logger made on first use', () => {
    const store = new ConnectionLogStore();
    expect(store.logger).toBe(root);
    storage.run(store, () => nameConnection('node-a/7'));
    const named = store.logger;
    expect(named).not.toBe(root);
    expect(named.bindings()).toEqual({ conn_id: 'node-a/7' });
    expect(store.logger).toBe(named);
  });

  it('keeps a logger assigned to the store (PinoLogger.assign)', () => {
    const store = new ConnectionLogStore();
    const assigned = root.child({ extra: 1 });
    store.logger = assigned;
    expect(store.logger).toBe(assigned);
  });

  it('runs every listener of a socket in the store it was set up in, with the socket as `this`', () => {
    // A null address makes a server-side socket, as ws's server does (its typings only allow a URL).
    const socket = new ConnectionWebSocket(null as unknown as string, undefined, {});
    const seen: Array<[unknown, unknown]> = [];
    socket.on('probe', function (this: unknown) {
      seen.push([this, storage.getStore()]);
    });
    expect(socket.emit('probe')).toBe(true);
    const store = runInConnectionContext(socket, () => {
      socket.once('probe', () => seen.push([undefined, storage.getStore()]));
    });
    socket.emit('probe');
    expect(seen).toEqual([
      [socket, undefined],
      [socket, store],
      [undefined, store],
    ]);
  });
});
