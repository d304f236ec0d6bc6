import { registryFor } from './testing/registry-for';
import { Logger } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { MemoryNodeInbox } from '../state/memory/node-inbox.memory.store';
import { InboxMessage } from '../state/node-inbox.store';
import type { WebSocket } from 'ws';
import { ClusterRouter, DeliveryResult } from './cluster-router';
import { Connection } from './connection';
import { NoticeBatch } from './notice-batch';
import { SessionView } from './session-view';
import { SignalingMetrics } from './signaling.metrics';

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** A signal for another node is in that node's inbox before deliverRemotely returns, and it never rejects. */
describe(`${ClusterRouter.name}.deliverRemotely`, () => {
  let inbox: MemoryNodeInbox;
  let metrics: SignalingMetrics;
  let sut: ClusterRouter;
  let received: InboxMessage[];

  beforeEach(async () => {
    inbox = new MemoryNodeInbox();
    metrics = new SignalingMetrics();
    received = [];
    await inbox.subscribe('n2', (message) => received.push(message));
    const config = { service: { nodeId: 'n1' } } as unknown as AppConfig;
    sut = new ClusterRouter(config, registryFor('n1'), new SessionView(), inbox, metrics);
  });

  /** deliverRemotely's outcome, as a promise for the test. */
  const remotely = (node: string, kind: 'offer' | 'ice-candidate', bodyJson: string): Promise<DeliveryResult> =>
    new Promise((resolve) => sut.deliverRemotely(node, kind, 'a', 'b', bodyJson, resolve));

  it('should hand the signal, packed with its body as is, to the inbox at once, and end queued', async () => {
    const post = jest.spyOn(inbox, 'post');
    const body = '{"candidate":"c \\"q\\"","sdpMLineIndex":0}';

    const result = remotely('n2', 'ice-candidate', body);

    expect(post).toHaveBeenCalledTimes(1);
    expect(await result).toBe('queued');
    await turn();
    expect(received).toEqual([{ kind: 'signal', packed: `ice-candidate\t"a"\t"b"\t"n1"\t${body}` }]);
  });

  it('should deliver a packed signal to the local peer with its body spliced, and answer its origin when the peer is gone', async () => {
    const sent: string[] = [];
    const registry = registryFor('n2');
    const socket = { readyState: 1, bufferedAmount: 0, send: (text: string) => sent.push(text) };
    const peer = new Connection(
      'n2/1',
      socket as unknown as WebSocket,
      '127.0.0.1',
      'dll',
      1 << 20,
      new NoticeBatch(0),
    );
    registry.add(peer);
    registry.bind(peer, 'b');
    const receiver = new ClusterRouter(
      { service: { nodeId: 'n2' } } as unknown as AppConfig,
      registry,
      new SessionView(),
      inbox,
      metrics,
    );
    const atOrigin: InboxMessage[] = [];
    await inbox.subscribe('n1', (message) => atOrigin.push(message));

    receiver.deliverPackedSignal('ice-candidate\t"a\\"x"\t"b"\t"n1"\t{"candidate":"c","sdpMLineIndex":0}');
    receiver.deliverPackedSignal('offer\t"a"\t"gone"\t"n1"\t"v=0"');
    await turn();

    expect(sent).toHaveLength(1);
    expect(JSON.parse(sent[0])).toMatchObject({ from: 'a"x', candidate: { candidate: 'c', sdpMLineIndex: 0 } });
    expect(atOrigin).toEqual([{ kind: 'signal_failed', signal: 'offer', from: 'a', to: 'gone' }]);
  });

  it('should resolve offline when no node listens, and count and log a failed publish instead of rejecting', async () => {
    expect(await remotely('gone', 'offer', '"v=0"')).toBe('offline');

    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const debug = jest.spyOn(Logger.prototype, 'debug').mockImplementation(() => undefined);
    const post = jest.spyOn(inbox, 'post');
    const failWith = (message: string) =>
      post.mockImplementation((_node, _text, done) => queueMicrotask(() => done(0, new Error(message))));
    failWith('ERR unknown command');
    const errors = (await metrics.redisErrors.get()).values[0]?.value ?? 0;

    expect(await remotely('n2', 'offer', '"v=0"')).toBe('offline');
    expect((await metrics.redisErrors.get()).values[0]?.value).toBe(errors + 1);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('ERR unknown command'));

    // Redis down: counted all the same, but not a warning per message (the outage is told once elsewhere).
    warn.mockClear();
    failWith('Connection is closed.');
    expect(await remotely('n2', 'offer', '"v=0"')).toBe('offline');
    expect((await metrics.redisErrors.get()).values[0]?.value).toBe(errors + 2);
    expect(warn).not.toHaveBeenCalled();
    expect(debug).toHaveBeenCalledWith(expect.stringContaining('Connection is closed.'));
  });
});

/**
 * A joiner's reply goes out once the other nodes have the join (so a member there may signal the
 * joiner at once) and before this node's members are told (so it is not written behind them).
 */
describe(`${ClusterRouter.name}.announce`, () => {
  it('should run the reply after the other nodes have the event and before notifying local members', async () => {
    const inbox = new MemoryNodeInbox();
    const registry = registryFor('n1');
    const view = new SessionView();
    const order: string[] = [];
    const socket = { readyState: 1, bufferedAmount: 0, send: (text: string) => order.push(`local ${text}`) };
    const member = new Connection(
      'n1/1',
      socket as unknown as WebSocket,
      '127.0.0.1',
      'dll',
      1 << 20,
      new NoticeBatch(0),
    );
    registry.add(member);
    registry.bind(member, 'm1');
    member.admit('z1');
    member.seat('s1');
    view.load(
      's1',
      new Map([
        ['joiner', 'n1'],
        ['m1', 'n1'],
        ['r1', 'n2'],
      ]),
    );
    let publishedTo: (receivers: number) => void = () => undefined;
    jest.spyOn(inbox, 'publish').mockImplementation((node) => {
      order.push(`publish to ${node}`);
      return new Promise((resolve) => (publishedTo = resolve));
    });
    const sut = new ClusterRouter(
      { service: { nodeId: 'n1' } } as unknown as AppConfig,
      registry,
      view,
      inbox,
      new SignalingMetrics(),
    );

    const announced = sut.announce('joined', 's1', 'joiner', () => order.push('reply'));
    await turn();
    expect(order).toEqual(['publish to n2']);

    publishedTo(1);
    await announced;
    expect(order).toEqual(['publish to n2', 'reply', 'local {"type":"peer_joined","peer_id":"joiner"}']);
  });
});
