import { encodeFrame, encodePosition } from '../../src/protocol/frame-codec';
import { FrameFlag, PacketType } from '../../src/protocol/frame';
import { decodeRelayedFrame } from '../../src/protocol/relay';
import { createTestApp, resetDatabase, TestApp } from '../utils/create-test-app';
import { TestWsClient } from '../utils/ws-client';

const position = (x: number, y: number, flags = 0, seq?: bigint, key?: Buffer): Buffer =>
  encodeFrame({
    type: PacketType.POSITION_UPDATE,
    flags,
    payload: encodePosition({ x, y, direction: 0, walkSpeedMs: 150, clientTimeMs: 0 }),
    seq,
    key,
  });

interface Peer {
  client: TestWsClient;
  frameKey: Buffer;
}

describe('Frames, proximity peer lists and relay', () => {
  let testApp: TestApp;
  const clients: TestWsClient[] = [];

  const join = async (peerId: string, zone = 'prontera'): Promise<Peer> => {
    const client = await TestWsClient.connect(testApp.wsUrl);
    clients.push(client);
    client.send({ type: 'create_session', peer_id: peerId, zone, capabilities: {} });
    const created = await client.next('session_created');
    return { client, frameKey: Buffer.from(created.frame_key as string, 'base64') };
  };

  /** Applies peer_list diffs until the list has `size` members (positions may land in different ticks). */
  const listOf = async (peer: Peer, size = 1): Promise<Set<string>> => {
    const list = new Set<string>();
    while (list.size < size) {
      const message = await peer.client.next('peer_list');
      (message.added as { peer_id: string }[]).forEach((entry) => list.add(entry.peer_id));
      (message.removed as string[]).forEach((id) => list.delete(id));
    }
    return list;
  };

  beforeAll(async () => {
    testApp = await createTestApp({
      P2P_ENABLED_ZONES: 'prontera',
      PROXIMITY_TICK_MS: '50',
      WS_MESSAGES_PER_SECOND: '2000',
      WS_MESSAGE_BURST: '2000',
    });
  });

  beforeEach(async () => {
    await resetDatabase(testApp);
    await testApp.db.query(
      `INSERT INTO zones (zone_id, zone_name, zone_display_name, map_name, max_players) VALUES ('prontera','prontera','Prontera','prontera', 500)`,
    );
  });

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.close()));
  });

  afterAll(async () => {
    await testApp.close();
  });

  it('should push peer-list diffs and relay a flagged frame to exactly the proximity peers', async () => {
    const a = await join('alice');
    const b = await join('bob');
    const c = await join('carol');
    const far = await join('dave');
    a.client.ws.send(position(100, 100));
    b.client.ws.send(position(105, 100));
    c.client.ws.send(position(110, 108));
    far.client.ws.send(position(300, 300));

    expect(await listOf(a, 2)).toEqual(new Set(['bob', 'carol']));
    const first = await b.client.next('peer_list');
    expect(first).toMatchObject({ type: 'peer_list', zone: 'prontera', removed: [] });
    expect(first.added).toEqual(expect.arrayContaining([{ peer_id: 'alice', x: 100, y: 100 }]));

    const chat = encodeFrame({ type: PacketType.CHAT_MESSAGE, flags: FrameFlag.RELAY, payload: Buffer.from('hello') });
    a.client.ws.send(chat);
    for (const receiver of [b, c]) {
      const relayed = decodeRelayedFrame(await receiver.client.nextBinary());
      expect(relayed.ok && relayed.frame.senderPeerId).toBe('alice');
      expect(relayed.ok && Buffer.from(relayed.frame.payload).toString()).toBe('hello');
      expect(relayed.ok && relayed.frame.flags & FrameFlag.RELAYED).toBeTruthy();
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(far.client.binaries).toHaveLength(0);

    // Diffs, not full lists: a newcomer is added, a peer that disconnects is removed.
    const e = await join('erin');
    e.client.ws.send(position(101, 99));
    const added = await a.client.next('peer_list');
    expect(added).toMatchObject({ added: [{ peer_id: 'erin', x: 101, y: 99 }], removed: [] });
    await b.client.close();
    const removed = await a.client.next((m) => m.type === 'peer_list' && (m.removed as string[]).includes('bob'));
    expect(removed.added).toEqual([]);
  });

  it('should refuse walking faster than the game allows, without relaying it', async () => {
    const a = await join('runner');
    const b = await join('watcher');
    a.client.ws.send(position(100, 100));
    b.client.ws.send(position(102, 100));
    await listOf(b);
    // 300 one-cell steps in one burst, back and forth: the 20 ms per cell floor allows ~160.
    for (let step = 1; step <= 300; step++) {
      a.client.ws.send(position(100 + (step % 2), 100));
    }
    expect(await a.client.next('error')).toMatchObject({ code: 'IMPLAUSIBLE_MOVE', reason: 'too_fast' });
  });

  it('should verify authenticated frames and refuse replays and bad MACs', async () => {
    const a = await join('signer');
    a.client.ws.send(position(50, 50, FrameFlag.AUTHENTICATED, 1n, a.frameKey));
    const ping = encodeFrame({
      type: PacketType.PING,
      flags: FrameFlag.AUTHENTICATED,
      payload: Buffer.from('12345678'),
      seq: 2n,
      key: a.frameKey,
    });
    a.client.ws.send(ping);
    const pong = await a.client.nextBinary();
    expect(pong.readUInt16BE(8)).toBe(PacketType.PONG);
    expect(pong.subarray(14).toString()).toBe('12345678');
    a.client.ws.send(ping);
    expect(await a.client.next('error')).toMatchObject({ code: 'FRAME_REJECTED', reason: 'replay' });
    const forged = encodeFrame({
      type: PacketType.PING,
      flags: FrameFlag.AUTHENTICATED,
      payload: Buffer.from('12345678'),
      seq: 3n,
      key: Buffer.alloc(32, 7),
    });
    a.client.ws.send(forged);
    expect(await a.client.next('error')).toMatchObject({ code: 'FRAME_REJECTED', reason: 'bad_mac' });
  });

  it('should accept JSON position messages as an alternative', async () => {
    const a = await join('json-a');
    const b = await join('json-b');
    a.client.send({ type: 'position', x: 20, y: 20 });
    b.client.send({ type: 'position', x: 25, y: 22 });
    expect(await listOf(a)).toEqual(new Set(['json-b']));
  });

  it('should answer malformed frames with a reason and close abusers with 1008', async () => {
    const a = await join('fuzzer');
    a.client.ws.send(Buffer.from('XXXX-not-a-p2p2-frame'));
    expect(await a.client.next('error')).toMatchObject({ code: 'FRAME_REJECTED', reason: 'bad_magic' });
    for (let i = 0; i < 25; i++) {
      a.client.ws.send(Buffer.alloc(20));
    }
    expect((await a.client.closed).code).toBe(1008);
  });
});
