import { Logger } from '@nestjs/common';
import { collect, NodeFactory, sleep, waitFor } from './state-contract.support';

const beat = (nodeId: string, connections = 0) => ({
  nodeId,
  address: `wss://${nodeId}.example`,
  startedAt: 1_700_000_000_000,
  connections,
  sessions: 0,
});

export function runNodesContract(f: NodeFactory): void {
  it('beat registers a node and stamps lastBeat', async () => {
    const { nodes } = await f.node();
    const before = Date.now();
    await nodes.beat(beat('n1', 3), 5_000);
    const info = await nodes.get('n1');
    expect(info).toMatchObject(beat('n1', 3));
    expect(info!.lastBeat).toBeGreaterThanOrEqual(before);
    await nodes.beat({ ...beat('n1', 4), lastBeat: 123 }, 5_000);
    expect(await nodes.get('n1')).toEqual({ ...beat('n1', 4), lastBeat: 123 });
    expect(await nodes.get('nobody')).toBeNull();
  });

  it('list returns only nodes whose heartbeat is alive', async () => {
    const { nodes } = await f.node();
    await nodes.beat(beat('n2'), 200);
    await nodes.beat(beat('n1'), 5_000);
    await nodes.beat(beat('n3'), 200);
    expect((await nodes.list()).map((n) => n.nodeId)).toEqual(['n1', 'n2', 'n3']);
    await sleep(150);
    await nodes.beat(beat('n3'), 300);
    await sleep(150);
    expect((await nodes.list()).map((n) => n.nodeId)).toEqual(['n1', 'n3']);
    expect(await nodes.get('n2')).toBeNull();
    await nodes.remove('n1');
    expect((await nodes.list()).map((n) => n.nodeId)).toEqual(['n3']);
  });

  it('publish reaches the addressed node on another instance', async () => {
    const a = await f.node();
    const b = await f.node();
    const inA = collect();
    const inB = collect();
    await a.inbox.subscribe('node-a', inA.handler);
    await b.inbox.subscribe('node-b', inB.handler);
    expect(await a.inbox.publish('node-b', { kind: 'signal', to: 'p1', payload: { sdp: 'x' } })).toBe(1);
    await waitFor(() => inB.messages.length === 1);
    expect(inB.messages[0]).toEqual({ kind: 'signal', to: 'p1', payload: { sdp: 'x' } });
    await sleep(50);
    expect(inA.messages).toEqual([]);
  });

  it('publishEncoded sends text its caller serialised, in order with publish, and rejects a bad node id', async () => {
    const a = await f.node();
    const b = await f.node();
    const inB = collect();
    await b.inbox.subscribe('node-b', inB.handler);
    const sent = [
      a.inbox.publish('node-b', { kind: 'signal', n: 1 }),
      a.inbox.publishEncoded('node-b', '{"kind":"signal","n":2,"body":{"sdp":"x"}}'),
      a.inbox.publish('node-b', { kind: 'signal', n: 3 }),
    ];
    expect(await Promise.all(sent)).toEqual([1, 1, 1]);
    await waitFor(() => inB.messages.length === 3);
    expect(inB.messages).toEqual([
      { kind: 'signal', n: 1 },
      { kind: 'signal', n: 2, body: { sdp: 'x' } },
      { kind: 'signal', n: 3 },
    ]);
    await expect(a.inbox.publishEncoded('*all*', '{"kind":"x"}')).rejects.toThrow();
  });

  it('messages of one turn to several nodes each get their own receiver count', async () => {
    const a = await f.node();
    const b = await f.node();
    const c = await f.node();
    const inB = collect();
    const inC = collect();
    await b.inbox.subscribe('node-b', inB.handler);
    await c.inbox.subscribe('node-c', inC.handler);
    const sent = [
      a.inbox.publish('node-b', { kind: 'x', n: 1 }),
      a.inbox.publish('node-gone', { kind: 'x', n: 2 }),
      a.inbox.publish('node-c', { kind: 'x', n: 3 }),
      a.inbox.publish('node-b', { kind: 'x', n: 4 }),
    ];
    expect(await Promise.all(sent)).toEqual([1, 0, 1, 1]);
    await waitFor(() => inB.messages.length === 2 && inC.messages.length === 1);
    expect(inB.messages.map((m) => m.n)).toEqual([1, 4]);
    expect(inC.messages.map((m) => m.n)).toEqual([3]);
  });

  it('publish to a node nobody listens to returns 0', async () => {
    const a = await f.node();
    await a.inbox.subscribe('node-a', () => undefined);
    expect(await a.inbox.publish('node-gone', { kind: 'signal' })).toBe(0);
    await expect(a.inbox.publish('*all*', { kind: 'x' })).rejects.toThrow();
  });

  it('broadcast reaches every subscribed node, the sender included', async () => {
    const a = await f.node();
    const b = await f.node();
    const inA = collect();
    const inB = collect();
    await a.inbox.subscribe('node-a', inA.handler);
    await b.inbox.subscribe('node-b', inB.handler);
    expect(await a.inbox.broadcast({ kind: 'session-closed', sessionId: 's1' })).toBe(2);
    await waitFor(() => inA.messages.length === 1 && inB.messages.length === 1);
    expect(inB.messages[0]).toEqual({ kind: 'session-closed', sessionId: 's1' });
  });

  it('a failing handler does not stop delivery to the others, and close stops delivery', async () => {
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const a = await f.node();
    const b = await f.node();
    const inB = collect();
    await b.inbox.subscribe('node-b', () => {
      throw new Error('boom');
    });
    await b.inbox.subscribe('node-b', inB.handler);
    await a.inbox.publish('node-b', { kind: 'ping' });
    await waitFor(() => inB.messages.length === 1);
    expect(logged).toHaveBeenCalled();
    logged.mockRestore();

    await b.inbox.close();
    expect(await a.inbox.publish('node-b', { kind: 'ping' })).toBe(0);
  });
}
