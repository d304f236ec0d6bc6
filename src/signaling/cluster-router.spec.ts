import { Logger } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { MemoryNodeInbox } from '../state/memory/node-inbox.memory.store';
import { InboxMessage } from '../state/node-inbox.store';
import { ClusterRouter } from './cluster-router';
import { ConnectionRegistry } from './connection-registry';
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
    sut = new ClusterRouter(config, new ConnectionRegistry(), new SessionView(), inbox, metrics);
  });

  it('should hand the signal, its body spliced as is, to the inbox at once, and resolve queued', async () => {
    const publish = jest.spyOn(inbox, 'publishEncoded');

    const result = sut.deliverRemotely('n2', 'ice-candidate', 'a', 'b', '{"candidate":"c \\"q\\"","sdpMLineIndex":0}');

    expect(publish).toHaveBeenCalledTimes(1);
    expect(await result).toBe('queued');
    await turn();
    expect(received).toEqual([
      { kind: 'signal', signal: 'ice-candidate', from: 'a', to: 'b', origin: 'n1', body: { candidate: 'c "q"', sdpMLineIndex: 0 } },
    ]);
  });

  it('should resolve offline when no node listens, and count and log a failed publish instead of rejecting', async () => {
    expect(await sut.deliverRemotely('gone', 'offer', 'a', 'b', '"v=0"')).toBe('offline');

    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    jest.spyOn(inbox, 'publishEncoded').mockReturnValue(Promise.reject(new Error('Connection is closed.')));
    const errors = (await metrics.redisErrors.get()).values[0]?.value ?? 0;

    expect(await sut.deliverRemotely('n2', 'offer', 'a', 'b', '"v=0"')).toBe('offline');
    expect((await metrics.redisErrors.get()).values[0]?.value).toBe(errors + 1);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('Connection is closed.'));
  });
});
