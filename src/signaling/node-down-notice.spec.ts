import { Logger } from '@nestjs/common';
import { loadConfig } from '../config/app-config';
import { LeaseStore } from '../state/lease.store';
import { MemoryLeaseStore } from '../state/memory/lease.memory.store';
import { WebhookPublisher } from '../webhooks/webhook-publisher.service';
import { NodeDownListener, NodeFailover } from './node-failover';
import { NodeDownNotice } from './node-down-notice';

describe(NodeDownNotice.name, () => {
  const leases = new MemoryLeaseStore();
  afterAll(() => leases.onModuleDestroy());

  function notice(nodeId: string, store: LeaseStore = leases) {
    let listener: NodeDownListener | undefined;
    const failover = {
      onNodeDown: (registered: NodeDownListener) => (listener = registered),
    } as unknown as NodeFailover;
    const publish = jest.fn();
    const webhooks = { enabled: true, publish } as unknown as WebhookPublisher;
    const sut = new NodeDownNotice(failover, store, webhooks, loadConfig({ NODE_ID: nodeId }));
    return { sut, publish, listener: () => listener! };
  }

  it('should send node.down from the one node that takes the death lease', async () => {
    const a = notice('node-a');
    const b = notice('node-b');
    await b.sut.announce('node-dead', 2, 1);
    await a.sut.announce('node-dead', 3);
    expect(b.publish).toHaveBeenCalledWith('node.down', {
      node_id: 'node-dead',
      detected_by: 'node-b',
      peers_left: 2,
      peers_held: 1,
    });
    expect(a.publish).not.toHaveBeenCalled();
    await a.sut.announce('node-other', 0);
    expect(a.publish).toHaveBeenCalledWith('node.down', {
      node_id: 'node-other',
      detected_by: 'node-a',
      peers_left: 0,
      peers_held: 0,
    });
  });

  it('should listen to the failover and send anyway when the lease cannot be read', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const broken = { acquire: () => Promise.reject(new Error('redis down')) } as unknown as LeaseStore;
    const c = notice('node-c', broken);
    c.listener()('node-gone', 1, 4);
    await new Promise((resolve) => setImmediate(resolve));
    expect(c.publish).toHaveBeenCalledWith('node.down', {
      node_id: 'node-gone',
      detected_by: 'node-c',
      peers_left: 1,
      peers_held: 4,
    });
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('sending anyway'));
    warn.mockRestore();
  });
});
