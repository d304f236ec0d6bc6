import { Logger } from '@nestjs/common';
import { AppError } from '../common/errors/app-error';
import { EventEmitter } from 'node:events';
import type { IncomingMessage } from 'node:http';
import type { WebSocket } from 'ws';
import { AppConfig } from '../config/app-config';
import { InboundMessage, SignalInbound } from '../protocol/signaling-messages';
import { Connection } from './connection';
import { ConnectionAdmission } from './connection-admission';
import { ConnectionRegistry } from './connection-registry';
import { InboundPipeline } from './inbound-pipeline';
import { MessageDispatcher } from './message-dispatcher';
import { SignalingGateway } from './signaling.gateway';
import { HandlerStage, SignalingMetrics } from './signaling.metrics';
import { SignalingCodec } from '../protocol/protocol.services';
import { registryFor } from './testing/registry-for';

type Config = AppConfig;

/** The gateway as the module wires it: transport over the pipeline, with the dispatcher faked. */
function gatewayWith(
  config: Config,
  registry: ConnectionRegistry,
  dispatcher: object,
  metrics: SignalingMetrics,
  admission: object,
): SignalingGateway {
  const pipeline = new InboundPipeline(
    config,
    new SignalingCodec(),
    registry,
    admission as ConnectionAdmission,
    dispatcher as MessageDispatcher,
    metrics,
  );
  return new SignalingGateway(pipeline);
}

const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}

class FakeSocket extends EventEmitter {
  readyState = 1;
  bufferedAmount = 0;
  readonly sent: string[] = [];
  readonly closes: number[] = [];
  send(data: string): void {
    this.sent.push(data);
  }
  close(code: number): void {
    this.closes.push(code);
  }
  terminate(): void {}
}

const connectRequest = { url: '/?peer_id=a', socket: { remoteAddress: '127.0.0.1' } } as unknown as IncomingMessage;

/**
 * The gateway relays a signal at once when nothing of its sender is pending (no promise, no queue
 * hop) and queues it otherwise. These mix both paths and check what the target sees is in send order.
 */
describe(SignalingGateway.name, () => {
  let order: string[];
  let slowLeave: ReturnType<typeof deferred> | undefined;
  let socket: FakeSocket;

  const send = (message: object): void => {
    socket.emit('message', Buffer.from(JSON.stringify(message)), false);
  };
  const candidate = (to: string): void => send({ type: 'ice-candidate', to, candidate: 'c' });

  beforeEach(async () => {
    order = [];
    slowLeave = undefined;
    const relay = jest.fn((_connection: Connection, msg: SignalInbound): void => {
      order.push(msg.to);
      if (msg.to === 'boom') {
        throw new Error('relay failed');
      }
    });
    const dispatcher = {
      identifyFromQuery: jest.fn(() => Promise.resolve()),
      disconnect: jest.fn(() => Promise.resolve()),
      // Synchronous for every target: a signal for another node only joins its inbox batch.
      signal: relay,
      dispatch: jest.fn(async (connection: Connection, msg: InboundMessage): Promise<undefined> => {
        if (msg.type === 'signal') {
          relay(connection, msg);
          return undefined;
        }
        order.push(`${msg.type} started`);
        await slowLeave?.promise;
        order.push(`${msg.type} done`);
        return undefined;
      }),
    };
    const config = {
      service: { nodeId: 'n1' },
      ws: { maxBufferedBytes: 1 << 20, abuseLimit: 100, abuseWindowMs: 10_000, identifyGraceMs: 10_000 },
    } as unknown as AppConfig;
    const admission = {
      admit: jest.fn(() => Promise.resolve(true)),
      allowMessage: jest.fn(() => true),
      release: jest.fn(),
      clientIp: jest.fn(() => '127.0.0.1'),
    } as unknown as ConnectionAdmission;
    const sut = gatewayWith(config, registryFor('n1'), dispatcher, new SignalingMetrics(), admission);
    socket = new FakeSocket();
    sut.handleConnection(socket as unknown as WebSocket, connectRequest);
    await settle(); // admission and identify, queued at connect
  });

  it('should relay a signal synchronously when nothing of the sender is pending', () => {
    candidate('b');
    expect(order).toEqual(['b']);
  });

  it('should keep a signal behind queued work, then take the fast path again once it drained', async () => {
    slowLeave = deferred();
    candidate('b1');
    send({ type: 'leave' });
    candidate('b2');
    candidate('b3');
    await settle();
    expect(order).toEqual(['b1', 'leave started']);

    slowLeave.resolve();
    await settle();
    expect(order).toEqual(['b1', 'leave started', 'leave done', 'b2', 'b3']);

    candidate('b4');
    expect(order.at(-1)).toBe('b4');
  });

  it('should answer INTERNAL and close that socket with 1011, not throw, when relaying fails on the fast path', () => {
    jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    expect(() => candidate('boom')).not.toThrow();
    expect(JSON.parse(socket.sent.at(-1)!)).toMatchObject({ type: 'error', code: 'INTERNAL' });
    expect(socket.closes).toEqual([1011]);
    expect(order).toEqual(['boom']);
  });
});

/**
 * No exception may leave a socket listener or a gateway callback: ws would rethrow it from its
 * socket reader (Nest from an rxjs subscription, the queue as an unhandled rejection) and the
 * process would end. An unexpected one closes that socket alone with 1011 and is counted and logged.
 */
describe(`${SignalingGateway.name} when a handler fails`, () => {
  const metrics = new SignalingMetrics();
  let socket: FakeSocket;
  let sut: SignalingGateway;
  let service: {
    identifyFromQuery: jest.Mock;
    disconnect: jest.Mock;
    signal: jest.Mock;
    dispatch: jest.Mock;
    leave: jest.Mock;
    frame: jest.Mock;
  };
  let admission: {
    admit: jest.Mock;
    allowMessage: jest.Mock;
    release: jest.Mock;
    clientIp: jest.Mock;
    authenticateMessage: jest.Mock;
  };
  let registry: ConnectionRegistry;
  let logged: jest.SpyInstance;
  let before: Record<HandlerStage, number>;

  const failures = async (stage: HandlerStage): Promise<number> =>
    (await metrics.handlerFailures.get()).values.find((v) => v.labels.stage === stage)?.value ?? 0;
  const counts = async (): Promise<Record<HandlerStage, number>> => ({
    message: await failures('message'),
    frame: await failures('frame'),
    connect: await failures('connect'),
    disconnect: await failures('disconnect'),
    queue: await failures('queue'),
  });
  const lastSent = (): Record<string, unknown> => JSON.parse(socket.sent.at(-1) ?? '{}') as Record<string, unknown>;
  const emitText = (message: object): void => {
    socket.emit('message', Buffer.from(JSON.stringify(message)), false);
  };

  /** The socket got INTERNAL and 1011, the failure was counted under `stage` alone and logged once with its context. */
  async function expectCrashed(stage: HandlerStage, stackText: string): Promise<void> {
    expect(socket.closes).toEqual([1011]);
    expect(lastSent()).toMatchObject({ type: 'error', code: 'INTERNAL' });
    expect(await counts()).toEqual({ ...before, [stage]: before[stage] + 1 });
    expect(logged).toHaveBeenCalledTimes(1);
    const [message, stack] = logged.mock.calls[0] as [string, string];
    expect(message).toContain(`Unexpected ${stage} failure on connection n1/1`);
    expect(stack).toContain(stackText);
  }

  beforeEach(async () => {
    jest.restoreAllMocks(); // the suite above leaves its spy on Logger.prototype.error
    logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    service = {
      identifyFromQuery: jest.fn((connection: Connection) => {
        registry.bind(connection, 'a');
        return Promise.resolve();
      }),
      disconnect: jest.fn(() => Promise.resolve()),
      signal: jest.fn(),
      dispatch: jest.fn(() => Promise.resolve(undefined)),
      leave: jest.fn(() => Promise.resolve()),
      frame: jest.fn(() => undefined),
    };
    admission = {
      admit: jest.fn(() => Promise.resolve(true)),
      allowMessage: jest.fn(() => true),
      release: jest.fn(),
      clientIp: jest.fn(() => '127.0.0.1'),
      authenticateMessage: jest.fn(() => Promise.resolve(true)),
    };
    registry = registryFor('n1');
    const config = {
      service: { nodeId: 'n1' },
      ws: { maxBufferedBytes: 1 << 20, abuseLimit: 100, abuseWindowMs: 10_000, identifyGraceMs: 10_000 },
    } as unknown as AppConfig;
    sut = gatewayWith(config, registry, service, metrics, admission);
    socket = new FakeSocket();
    before = await counts();
  });

  const rejections: unknown[] = [];
  const onRejection = (reason: unknown): number => rejections.push(reason);
  beforeAll(() => process.on('unhandledRejection', onRejection));
  afterAll(() => process.off('unhandledRejection', onRejection));

  afterEach(async () => {
    jest.restoreAllMocks();
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(rejections).toEqual([]);
  });

  const connect = async (): Promise<void> => {
    expect(() => sut.handleConnection(socket as unknown as WebSocket, connectRequest)).not.toThrow();
    await settle();
  };

  it('should close with 1011 when the relay throws synchronously on the fast path', async () => {
    await connect();
    service.signal.mockImplementation(() => {
      throw new TypeError('relay exploded');
    });
    expect(() => emitText({ type: 'offer', to: 'b', sdp: 'v=0' })).not.toThrow();
    await expectCrashed('message', 'TypeError: relay exploded');
    expect(logged.mock.calls[0][0]).toContain('(peer a)');
  });

  it('should close with 1011 when anything else in the message listener throws', async () => {
    await connect();
    admission.allowMessage.mockImplementation(() => {
      throw new Error('budget exploded');
    });
    expect(() => emitText({ type: 'ping' })).not.toThrow();
    await expectCrashed('message', 'budget exploded');
  });

  it('should close with 1011 when the pong listener throws', async () => {
    const added = jest.spyOn(registry, 'add');
    await connect();
    const connection = added.mock.calls[0][0];
    jest.spyOn(connection, 'ponged').mockImplementation(() => {
      throw new Error('pong exploded');
    });
    expect(() => socket.emit('pong')).not.toThrow();
    await expectCrashed('message', 'pong exploded');
  });

  it('should close with 1011 when queued work rejects unexpectedly', async () => {
    await connect();
    service.dispatch.mockImplementation(() => Promise.reject(new TypeError('undefined is not a function')));
    expect(() => emitText({ type: 'leave' })).not.toThrow();
    await settle();
    await expectCrashed('queue', 'TypeError: undefined is not a function');
  });

  it('should close with 1011 when queued work throws synchronously', async () => {
    await connect();
    service.dispatch.mockImplementation(() => {
      throw new RangeError('Maximum call stack size exceeded');
    });
    emitText({ type: 'join', session_id: 's1' });
    await settle();
    await expectCrashed('queue', 'RangeError: Maximum call stack size exceeded');
  });

  it.each([
    ['an AppError', new AppError('SESSION_NOT_FOUND', 'Session s1 not found'), 'SESSION_NOT_FOUND'],
    ['a Redis failure', new Error('Connection is closed.'), 'REDIS_UNAVAILABLE'],
  ])('should answer %s from queued work and keep the socket open', async (_label, error, code) => {
    await connect();
    service.dispatch.mockImplementation(() => Promise.reject(error));
    emitText({ type: 'join', session_id: 's1' });
    await settle();
    expect(lastSent()).toMatchObject({ type: 'error', code });
    expect(socket.closes).toEqual([]);
    expect(await counts()).toEqual(before);
    expect(logged).not.toHaveBeenCalled();
  });

  it('should close with 1011 when a frame handler throws, straight away or queued behind other work', async () => {
    await connect();
    service.frame.mockImplementation(() => {
      throw new Error('frame exploded');
    });
    expect(() => socket.emit('message', Buffer.from([0x50, 0x32, 0x50, 0x32]), true)).not.toThrow();
    await expectCrashed('frame', 'frame exploded');

    let release!: () => void;
    service.dispatch.mockImplementation(() => new Promise<void>((resolve) => (release = resolve)));
    emitText({ type: 'leave' });
    socket.emit('message', Buffer.from([0x50, 0x32]), true);
    await settle();
    release();
    await settle();
    expect(await failures('frame')).toBe(before.frame + 2);
  });

  it('should close with 1011 when accepting the connection throws', async () => {
    jest.spyOn(metrics.connects, 'inc').mockImplementationOnce(() => {
      throw new Error('metrics exploded');
    });
    await connect();
    await expectCrashed('connect', 'metrics exploded');
  });

  it('should close an unregistered socket with 1011 when the connection cannot even be made', async () => {
    admission.clientIp.mockImplementation(() => {
      throw new Error('no address');
    });
    await connect();
    expect(socket.closes).toEqual([1011]);
    expect(await failures('connect')).toBe(before.connect + 1);
    expect(logged.mock.calls[0][0]).toContain('an unregistered socket');
  });

  it('should count a failure while forgetting a closed socket, and not throw', async () => {
    await connect();
    admission.release.mockImplementation(() => {
      throw new Error('release exploded');
    });
    socket.readyState = 3;
    expect(() => sut.handleDisconnect(socket as unknown as WebSocket, 1000)).not.toThrow();
    expect(await failures('disconnect')).toBe(before.disconnect + 1);
    expect(logged.mock.calls[0][0]).toContain('Unexpected disconnect failure on connection n1/1 (peer a)');
  });

  it('should close with 1011 when the queued disconnect rejects, without throwing', async () => {
    await connect();
    service.disconnect.mockImplementation(() => Promise.reject(new Error('disconnect exploded')));
    socket.readyState = 3;
    sut.handleDisconnect(socket as unknown as WebSocket, 1000);
    await settle(); // the disconnect clean-up starts in the next turn (DisconnectDrain)...
    await settle(); // ...and its failure is counted once it has run
    expect(await failures('queue')).toBe(before.queue + 1);
    expect(logged).toHaveBeenCalledTimes(1);
  });

  it('should neither throw nor reject when even closing the socket fails', async () => {
    await connect();
    const terminate = jest.spyOn(socket, 'terminate');
    jest.spyOn(socket, 'send').mockImplementation(() => {
      throw new Error('socket exploded');
    });
    service.signal.mockImplementation(() => {
      throw new Error('relay exploded');
    });
    expect(() => emitText({ type: 'offer', to: 'b', sdp: 'v=0' })).not.toThrow();
    expect(terminate).toHaveBeenCalled();
    expect(await failures('message')).toBe(before.message + 1);
  });
});
