import { Logger } from '@nestjs/common';
import { EventEmitter } from 'node:events';
import type { IncomingMessage } from 'node:http';
import type { WebSocket } from 'ws';
import { AppConfig } from '../config/app-config';
import { InboundMessage, SignalInbound } from '../protocol/signaling-messages';
import { Connection } from './connection';
import { ConnectionAdmission } from './connection-admission';
import { ConnectionRegistry } from './connection-registry';
import { FrameService } from './frame.service';
import { NoticeBatch } from './notice-batch';
import { SignalingGateway } from './signaling.gateway';
import { SignalingMetrics } from './signaling.metrics';
import { SignalingService } from './signaling.service';

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
  send(data: string): void {
    this.sent.push(data);
  }
  close(): void {}
  terminate(): void {}
}

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
    const service = {
      identify: jest.fn(() => Promise.resolve(true)),
      disconnect: jest.fn(() => Promise.resolve()),
      // Synchronous for every target: a signal for another node only joins its inbox batch.
      signal: relay,
      handle: jest.fn(async (connection: Connection, msg: InboundMessage): Promise<void> => {
        if (msg.type === 'signal') {
          relay(connection, msg);
          return;
        }
        order.push(`${msg.type} started`);
        await slowLeave?.promise;
        order.push(`${msg.type} done`);
      }),
    };
    const config = { service: { nodeId: 'n1' }, ws: { maxBufferedBytes: 1 << 20, abuseLimit: 100, abuseWindowMs: 10_000, identifyGraceMs: 10_000 } } as unknown as AppConfig;
    const admission = {
      admit: jest.fn(() => Promise.resolve(true)),
      allowMessage: jest.fn(() => true),
      release: jest.fn(),
    } as unknown as ConnectionAdmission;
    const sut = new SignalingGateway(config, new ConnectionRegistry(), service as unknown as SignalingService, new SignalingMetrics(), admission, {} as FrameService, new NoticeBatch(0));
    socket = new FakeSocket();
    sut.handleConnection(socket as unknown as WebSocket, { url: '/?peer_id=a', socket: { remoteAddress: '127.0.0.1' } } as unknown as IncomingMessage);
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

  it('should answer an error, not throw, when relaying fails on the fast path', () => {
    jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    candidate('boom');
    expect(JSON.parse(socket.sent.at(-1)!)).toMatchObject({ type: 'error', code: 'INTERNAL' });
    candidate('b');
    expect(order).toEqual(['boom', 'b']);
  });
});
