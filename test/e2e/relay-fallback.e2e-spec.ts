import { encodeFrame, encodePosition } from '../../src/protocol/frame-codec';
import { FrameFlag, PacketType } from '../../src/protocol/frame';
import { decodeRelayedFrame } from '../../src/protocol/relay';
import { createTestApp, resetDatabase, TestApp } from '../utils/create-test-app';
import { eventually, sleep } from '../utils/rest';
import { request } from '../utils/tokens';
import { TestWsClient } from '../utils/ws-client';

const position = (x: number, y: number): Buffer =>
  encodeFrame({
    type: PacketType.POSITION_UPDATE,
    flags: 0,
    payload: encodePosition({ x, y, direction: 0, walkSpeedMs: 150, clientTimeMs: 0 }),
  });
const chat = (text: string): Buffer =>
  encodeFrame({ type: PacketType.CHAT_MESSAGE, flags: FrameFlag.RELAY, payload: Buffer.from(text) });

/**
 * A zone's `fallback_enabled` decides whether the coordinator relays its peers' frames: false refuses
 * relay-flagged frames with RELAY_DISABLED while direct signaling (offers, answers, ICE) still flows,
 * and an admin's change reaches peers already in the zone.
 */
describe('Relay through the coordinator and the zone fallback setting', () => {
  let testApp: TestApp;
  const clients: TestWsClient[] = [];

  const join = async (peerId: string): Promise<TestWsClient> => {
    const client = await TestWsClient.connect(testApp.wsUrl);
    clients.push(client);
    client.send({ type: 'create_session', peer_id: peerId, zone: 'izlude', capabilities: {} });
    await client.next('session_created');
    return client;
  };

  beforeAll(async () => {
    testApp = await createTestApp({ PROXIMITY_TICK_MS: '50' });
    await resetDatabase(testApp);
    const created = await request(testApp.url, 'POST', '/api/v1/zones', undefined, {
      zone_id: 'izlude',
      zone_name: 'izlude',
      zone_display_name: 'Izlude',
      map_name: 'izlude',
      p2p_enabled: true,
      fallback_enabled: false,
    });
    expect(created.status).toBe(201);
  });

  afterAll(async () => {
    await Promise.all(clients.splice(0).map((client) => client.close()));
    await testApp.close();
  });

  it('should refuse relay with RELAY_DISABLED, keep direct signaling, and relay once an admin turns fallback on', async () => {
    const alice = await join('relay-alice');
    const bob = await join('relay-bob');
    alice.ws.send(position(100, 100));
    bob.ws.send(position(102, 100));
    await bob.next((m) => m.type === 'peer_list' && JSON.stringify(m.added).includes('relay-alice'));
    await alice.next((m) => m.type === 'peer_list' && JSON.stringify(m.added).includes('relay-bob'));

    alice.ws.send(chat('over the server'));
    expect(await alice.next('error')).toMatchObject({ code: 'RELAY_DISABLED', reason: 'relay_disabled' });
    await sleep(200);
    expect(bob.binaries).toHaveLength(0);

    // Direct signaling between proximity peers is untouched.
    alice.send({ type: 'offer', to: 'relay-bob', sdp: 'v=0' });
    expect(await bob.next('offer')).toMatchObject({ type: 'offer' });

    const patched = await request(testApp.url, 'PATCH', '/api/v1/zones/izlude', undefined, {
      fallback_enabled: true,
    });
    expect({ status: patched.status, fallback: patched.body.fallback_enabled }).toEqual({
      status: 200,
      fallback: true,
    });
    // Peers already in the zone see the change within the setting's 5 s freshness.
    await eventually(
      async () => {
        alice.ws.send(chat('now relayed'));
        const relayed = decodeRelayedFrame(await bob.nextBinary(300));
        expect(relayed.ok && relayed.frame.senderPeerId).toBe('relay-alice');
      },
      8_000,
      200,
    );
  }, 20_000);
});
