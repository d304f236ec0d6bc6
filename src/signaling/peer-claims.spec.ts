import { registryFor } from './testing/registry-for';
import type { WebSocket } from 'ws';
import { MemoryNodeRegistryStore } from '../state/memory/node-registry.memory.store';
import { MemoryPresenceStore } from '../state/memory/presence.memory.store';
import { PeerRoute } from '../state/presence.store';
import { ClusterRouter } from './cluster-router';
import { Connection } from './connection';
import { ConnectionAdmission, Proof } from './connection-admission';
import { ConnectionRegistry } from './connection-registry';
import { NodeFailover } from './node-failover';
import { NoticeBatch } from './notice-batch';
import { PeerClaims } from './peer-claims';

const HOME = '203.0.113.7';
const ELSEWHERE = '198.51.100.9';

class FakeSocket {
  readyState = 1;
  bufferedAmount = 0;
  readonly closes: number[] = [];
  readonly sent: string[] = [];
  send(data: string): void {
    this.sent.push(data);
  }
  close(code: number): void {
    this.closes.push(code);
  }
  terminate(): void {}
}

describe(PeerClaims.name, () => {
  let presence: MemoryPresenceStore;
  let nodes: MemoryNodeRegistryStore;
  let registry: ConnectionRegistry;
  let proof: Proof | undefined;
  let sut: PeerClaims;
  let sequence = 0;

  const connect = (ip: string): Connection & { socket: FakeSocket } =>
    new Connection(
      `node-a/${++sequence}`,
      new FakeSocket() as unknown as WebSocket,
      ip,
      'dll',
      1 << 20,
      new NoticeBatch(0),
    ) as Connection & { socket: FakeSocket };
  const codes = (connection: Connection & { socket: FakeSocket }) =>
    connection.socket.sent.map((text) => (JSON.parse(text) as { code?: string }).code);

  beforeEach(() => {
    presence = new MemoryPresenceStore();
    nodes = new MemoryNodeRegistryStore();
    registry = registryFor('node-a');
    proof = 'address';
    const admission = { prove: () => Promise.resolve(proof) } as unknown as ConnectionAdmission;
    const router = { nodeId: 'node-a', publish: jest.fn(() => Promise.resolve(1)) } as unknown as ClusterRouter;
    const failover = { orphaned: jest.fn(() => Promise.resolve()) } as unknown as NodeFailover;
    sut = new PeerClaims(admission, registry, presence, nodes, router, failover);
  });

  afterEach(() => {
    presence.onModuleDestroy();
    nodes.onModuleDestroy();
  });

  it('should refuse an unproven claim from another address and leave the live connection bound', async () => {
    const alice = connect(HOME);
    expect(await sut.identify(alice, 'alice')).toBe(true);
    const thief = connect(ELSEWHERE);
    expect(await sut.identify(thief, 'alice')).toBe(false);
    expect(codes(thief)).toEqual(['PEER_ID_IN_USE']);
    expect(thief.socket.closes).toEqual([1008]);
    expect(registry.byPeerId('alice')).toBe(alice);
    expect((await presence.get('alice'))?.connId).toBe(alice.connId);
  });

  it('should let the same address, or a proven identity from anywhere, replace it', async () => {
    const first = connect(HOME);
    await sut.identify(first, 'alice');
    const again = connect(HOME);
    expect(await sut.identify(again, 'alice')).toBe(true);
    expect(first.socket.closes).toEqual([4001]);
    proof = 'token';
    const moved = connect(ELSEWHERE);
    expect(await sut.identify(moved, 'alice')).toBe(true);
    expect(again.socket.closes).toEqual([4001]);
    expect(await presence.get('alice')).toMatchObject({ connId: moved.connId, address: ELSEWHERE });
  });

  it('should give the id to another address when its holder is on a node that stopped beating', async () => {
    const stale: PeerRoute = { nodeId: 'node-dead', connId: 'node-dead/1', since: 1, address: HOME };
    await presence.claim('alice', stale, 60_000);
    await nodes.beat({ nodeId: 'node-dead', address: '', startedAt: 0, connections: 0, sessions: 0 }, 60_000);
    expect(await sut.identify(connect(ELSEWHERE), 'alice')).toBe(false);
    await nodes.remove('node-dead');
    const later = connect(ELSEWHERE);
    expect(await sut.identify(later, 'alice')).toBe(true);
  });

  it('should release the route again when the connection closed while it was claiming', async () => {
    const closing = connect(HOME);
    const claimFrom = presence.claimFrom.bind(presence);
    jest.spyOn(presence, 'claimFrom').mockImplementation(async (...args) => {
      const result = await claimFrom(...args);
      closing.close(1000, 'gone');
      return result;
    });
    expect(await sut.identify(closing, 'alice')).toBe(false);
    expect(await presence.get('alice')).toBeNull();
    expect(registry.byPeerId('alice')).toBeUndefined();
  });
});
