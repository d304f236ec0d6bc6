import { ClientError, CoordinatorClient, CoordinatorClientOptions, PacketType, SessionInfo } from '@ro-p2p/client';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { makeHostBody } from '../utils/factories';
import { eventually } from '../utils/rest';
import { TestWsClient } from '../utils/ws-client';

/**
 * The SDK against the real app: both dialects, signals, peer lists, relay, authenticated frames and
 * reconnection. Each test uses its own zone so proximity lists never mix between tests.
 */
describe('Client SDK against the coordinator', () => {
  let testApp: TestApp;
  const clients: CoordinatorClient[] = [];
  const raw: TestWsClient[] = [];

  const client = (peerId: string, options: Partial<CoordinatorClientOptions> = {}): CoordinatorClient => {
    const sdk = new CoordinatorClient({ url: testApp.url, peerId, reconnect: { baseMs: 50, maxMs: 200 }, ...options });
    clients.push(sdk);
    return sdk;
  };

  const joined = async (
    peerId: string,
    zone: string,
    options: Partial<CoordinatorClientOptions> = {},
  ): Promise<CoordinatorClient> => {
    const sdk = client(peerId, options);
    await sdk.connect();
    await sdk.join({ zone });
    return sdk;
  };

  const errorsOf = (sdk: CoordinatorClient): ClientError[] => {
    const errors: ClientError[] = [];
    sdk.on('error', (error) => errors.push(error));
    return errors;
  };

  beforeAll(async () => {
    testApp = await createTestApp({
      P2P_ENABLED_ZONES: 'prontera,geffen,payon,izlude,morocc,alberta',
      PROXIMITY_TICK_MS: '50',
    });
  });

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((sdk) => sdk.close()));
    await Promise.all(raw.splice(0).map((ws) => ws.close()));
  });

  afterAll(async () => {
    await testApp.close();
  });

  it('should join in the DLL dialect and exchange offer, answer and ICE', async () => {
    const alice = await joined('sdk-alice', 'prontera');
    const bobJoin = alice.waitFor('peerJoined');
    const bob = await joined('sdk-bob', 'prontera');
    expect(await bobJoin).toEqual(['sdk-bob']);
    expect(alice.session).toMatchObject({ dialect: 'dll', zone: 'prontera' });
    expect(alice.session?.frameKey).toEqual(expect.any(String));
    expect(bob.session?.sessionId).toBe(alice.session?.sessionId);

    const offer = bob.waitFor('signal');
    alice.sendOffer('sdk-bob', 'v=0 offer');
    expect((await offer)[0]).toMatchObject({ kind: 'offer', from: 'sdk-alice', body: 'v=0 offer' });
    const answer = alice.waitFor('signal');
    bob.sendAnswer('sdk-alice', 'v=0 answer');
    expect((await answer)[0]).toMatchObject({ kind: 'answer', from: 'sdk-bob', body: 'v=0 answer' });
    const ice = bob.waitFor('signal');
    alice.sendIceCandidate('sdk-bob', 'candidate:1 1 udp 1 127.0.0.1 5000 typ host');
    expect((await ice)[0]).toMatchObject({ kind: 'ice-candidate', from: 'sdk-alice' });
    expect(alice.traffic.sentByKind.get('offer')).toBe(1);
  });

  it('should join in the reference dialect by session id, using the REST helpers for the host and session', async () => {
    const admin = client('sdk-admin');
    const host = await admin.api.registerHost(makeHostBody() as never);
    const session = await admin.api.createSession({ host_id: host.host_id, zone_id: 'geffen' });
    expect((await admin.api.getZone('geffen')).p2p_enabled).toBe(true);
    expect((await admin.api.iceServers('sdk-ref-a')).ice_servers).toEqual(expect.any(Array));

    const a = client('sdk-ref-a', { dialect: 'reference' });
    const b = client('sdk-ref-b', { dialect: 'reference' });
    await a.connect();
    await b.connect();
    await a.join({ sessionId: session.session_id });
    const info: SessionInfo = await b.join({ sessionId: String(session.id) });
    expect(info).toMatchObject({ dialect: 'reference', sessionId: String(session.id), peers: ['sdk-ref-a'] });
    expect(b.members.has('sdk-ref-a')).toBe(true);

    const offer = b.waitFor('signal');
    a.sendOffer('sdk-ref-b', { type: 'offer', sdp: 'v=0' });
    expect((await offer)[0]).toMatchObject({ kind: 'offer', from: 'sdk-ref-a', body: { type: 'offer', sdp: 'v=0' } });
    const answer = a.waitFor('signal');
    b.sendAnswer('sdk-ref-a', { type: 'answer', sdp: 'v=0' });
    expect((await answer)[0]).toMatchObject({ kind: 'answer', from: 'sdk-ref-b' });
    const ice = b.waitFor('signal');
    a.sendIceCandidate('sdk-ref-b', { candidate: 'candidate:1', sdpMid: '0' });
    expect((await ice)[0]).toMatchObject({ kind: 'ice-candidate', body: { candidate: 'candidate:1', sdpMid: '0' } });
    expect((await admin.api.getSession(session.session_id)).connected_players.sort()).toEqual([
      'sdk-ref-a',
      'sdk-ref-b',
    ]);
  });

  it('should send heartbeats on a timer', async () => {
    const sdk = client('sdk-host-owner');
    const host = await sdk.api.registerHost(makeHostBody() as never);
    const beats = sdk.api.startHeartbeats(host.host_id, 50, () => ({
      latency_ms: 12,
      packet_loss_percent: 0,
      bandwidth_usage_mbps: 3,
      current_players: 4,
      current_zones: 1,
    }));
    try {
      await eventually(async () => expect((await sdk.api.getHost(host.host_id)).current_players).toBe(4));
    } finally {
      beats.stop();
    }
  });

  it('should apply peer-list diffs after positions and deliver decoded relay frames', async () => {
    const a = await joined('sdk-pl-a', 'payon');
    const b = await joined('sdk-pl-b', 'payon');
    const c = await joined('sdk-pl-c', 'payon');
    const errors = [a, b, c].map(errorsOf);
    const aSeesBoth = a.waitFor('peerList', 5000, (event) => event.peers.size === 2);
    a.sendPosition(100, 100);
    b.sendPosition(104, 100, { walkSpeedMs: 150 });
    c.sendPosition(100, 110, { direction: 4 });
    const [list] = await aSeesBoth;
    expect([...list.peers.keys()].sort()).toEqual(['sdk-pl-b', 'sdk-pl-c']);
    expect(a.peers.get('sdk-pl-b')).toEqual({ peerId: 'sdk-pl-b', x: 104, y: 100 });

    // b walks away: a's list drops it.
    const dropped = a.waitFor('peerList', 5000, (event) => event.removed.includes('sdk-pl-b'));
    for (const x of [112, 120]) {
      await new Promise((resolve) => setTimeout(resolve, 1300));
      b.sendPosition(x, 100);
    }
    await dropped;
    expect(a.peers.has('sdk-pl-b')).toBe(false);

    const relayed = c.waitFor('relayed');
    a.sendRelay(PacketType.CHAT_MESSAGE, Buffer.from('hello prontera'));
    const [frame] = await relayed;
    expect(frame).toMatchObject({ senderPeerId: 'sdk-pl-a', typeName: 'CHAT_MESSAGE' });
    expect(Buffer.from(frame.payload).toString()).toBe('hello prontera');
    expect(errors.flat()).toEqual([]);
  });

  it('should reconnect with backoff after the server closes the socket and re-send its create_session', async () => {
    const sdk = await joined('sdk-rc', 'izlude');
    const first = sdk.session?.sessionId;
    const closed = sdk.waitFor('closed');
    const reconnecting = sdk.waitFor('reconnecting');
    const rejoined = sdk.waitFor('session', 5000, (info) => info.rejoined);
    // A second connection with the same peer id makes the coordinator close the first with 4001.
    const intruder = await TestWsClient.connect(testApp.wsUrl);
    raw.push(intruder);
    intruder.send({ type: 'create_session', peer_id: 'sdk-rc', zone: 'izlude', capabilities: {} });
    expect((await closed)[0]).toMatchObject({ code: 4001, willReconnect: true });
    expect((await reconnecting)[0]).toEqual({ attempt: 1, delayMs: 50 });
    const [info] = await rejoined;
    expect(info.sessionId).toBe(first);
    expect(sdk.connected).toBe(true);
    expect(sdk.traffic.sentByKind.get('create_session')).toBe(2);
  });

  it('should stop after the budget of failed reconnections when the coordinator is gone', async () => {
    const gone = await createTestApp({ P2P_ENABLED_ZONES: 'prontera' });
    const sdk = new CoordinatorClient({
      url: gone.url,
      peerId: 'sdk-gone',
      reconnect: { baseMs: 20, maxMs: 40, maxAttempts: 3 },
    });
    clients.push(sdk);
    await sdk.connect();
    await sdk.join({ zone: 'prontera' });
    const final = sdk.waitFor('error', 10_000, (error) => error.code === 'RECONNECT_FAILED');
    const attempts: number[] = [];
    sdk.on('reconnecting', (event) => attempts.push(event.delayMs));
    await gone.close();
    await final;
    // A node that is still shutting down may accept one more socket (then close it with 1001);
    // that success resets the failure count, as in the DLL, so one extra attempt is allowed.
    expect(attempts[0]).toBe(20);
    expect(attempts.slice(1).every((delay) => delay === 40)).toBe(true);
    expect(attempts.length).toBeGreaterThanOrEqual(3);
    expect(attempts.length).toBeLessThanOrEqual(4);
    expect(sdk.connected).toBe(false);
  });
});
