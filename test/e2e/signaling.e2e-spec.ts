import { createTestApp, resetDatabase, TestApp } from '../utils/create-test-app';
import { makeHostBody, makeZoneBody } from '../utils/factories';
import { eventually, getJson, postJson } from '../utils/rest';
import WebSocket from 'ws';
import { Connection } from '../../src/signaling/connection';
import { TestWsClient } from '../utils/ws-client';

const capabilities = { webrtc: true, encryption: true, compression: false };

describe('Signaling gateway (both dialects)', () => {
  let testApp: TestApp;
  const clients: TestWsClient[] = [];

  const connect = async (query = ''): Promise<TestWsClient> => {
    const client = await TestWsClient.connect(testApp.wsUrl, query);
    clients.push(client);
    return client;
  };

  const dllJoin = async (peerId: string, zone = 'prontera'): Promise<{ client: TestWsClient; sessionId: string }> => {
    const client = await connect();
    client.send({ type: 'create_session', peer_id: peerId, zone, capabilities });
    const created = await client.next('session_created');
    return { client, sessionId: created.session_id as string };
  };

  const restSession = async (): Promise<{ id: number; session_id: string; zone_id: string }> => {
    const host = makeHostBody();
    const zone = makeZoneBody({ max_players: 10 });
    expect((await postJson(testApp.url, '/api/v1/hosts/register', host)).status).toBe(201);
    expect((await postJson(testApp.url, '/api/v1/zones/', zone)).status).toBe(201);
    const created = await postJson(testApp.url, '/api/v1/sessions/', { host_id: host.host_id, zone_id: zone.zone_id });
    expect(created.status).toBe(201);
    return created.body;
  };

  beforeAll(async () => {
    testApp = await createTestApp({
      P2P_ENABLED_ZONES: 'prontera,geffen',
      WS_IDENTIFY_GRACE_MS: '400',
      WS_PING_INTERVAL_MS: '250',
    });
  });

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.close()));
  });

  afterAll(async () => {
    await testApp.close();
  });

  describe('DLL dialect', () => {
    it('should place peers of a zone in one session and announce joins and leaves', async () => {
      const a = await dllJoin('150001');
      expect(typeof a.sessionId).toBe('string');
      const b = await dllJoin('150002');
      expect(b.sessionId).toBe(a.sessionId);
      expect(await a.client.next('peer_joined')).toEqual({ type: 'peer_joined', peer_id: '150002' });

      const session = await getJson(testApp.url, `/api/v1/sessions/${a.sessionId}`);
      expect(session.status).toBe(200);
      expect(session.body.connected_players).toEqual(['150001', '150002']);
      expect(session.body.zone_id).toBe('prontera');

      await b.client.close();
      expect(await a.client.next('peer_left')).toEqual({ type: 'peer_left', peer_id: '150002' });
      await eventually(async () => {
        const after = await getJson(testApp.url, `/api/v1/sessions/${a.sessionId}`);
        expect(after.body.connected_players).toEqual(['150001']);
      });
    });

    it('should answer the joiner before announcing it to the members', async () => {
      // The reply must not queue behind a session's worth of notices (one socket write per member).
      // The spies pass every call through to the real sockets.
      const a = await dllJoin('150011');
      const replies = jest.spyOn(Connection.prototype, 'send');
      const notices = jest.spyOn(Connection.prototype, 'notify');
      try {
        await dllJoin('150012');
        expect(await a.client.next('peer_joined')).toEqual({ type: 'peer_joined', peer_id: '150012' });
        const reply = replies.mock.calls.findIndex(
          ([kind], i) => kind === 'session_created' && replies.mock.contexts[i].peerId === '150012',
        );
        const notice = notices.mock.calls.findIndex(
          ([kind], i) => kind === 'peer_joined' && notices.mock.contexts[i].peerId === '150011',
        );
        expect(reply).toBeGreaterThanOrEqual(0);
        expect(notice).toBeGreaterThanOrEqual(0);
        expect(replies.mock.invocationCallOrder[reply]).toBeLessThan(notices.mock.invocationCallOrder[notice]);
      } finally {
        replies.mockRestore();
        notices.mockRestore();
      }
    });

    it('should answer a repeated create_session idempotently without announcing again', async () => {
      const a = await dllJoin('160001');
      const b = await dllJoin('160002');
      await a.client.next('peer_joined');
      b.client.send({ type: 'create_session', peer_id: '160002', zone: 'prontera', capabilities });
      expect((await b.client.next('session_created')).session_id).toBe(b.sessionId);
      await a.client.expectNothing('peer_joined');
      const session = await getJson(testApp.url, `/api/v1/sessions/${a.sessionId}`);
      expect(session.body.connected_players).toEqual(['160001', '160002']);
    });

    it('should refuse unknown zones and zones without P2P with an error message', async () => {
      const client = await connect();
      client.send({ type: 'create_session', peer_id: '170001', zone: 'nowhere', capabilities });
      expect(await client.next('error')).toMatchObject({ code: 'ZONE_NOT_FOUND' });
      expect((await postJson(testApp.url, '/api/v1/zones/geffen/disable-p2p', {})).status).toBe(200);
      client.send({ type: 'create_session', peer_id: '170001', zone: 'geffen', capabilities });
      expect(await client.next('error')).toMatchObject({ code: 'ZONE_NOT_P2P' });
      await postJson(testApp.url, '/api/v1/zones/geffen/enable-p2p', {});
    });

    it('should close a socket that never identifies itself', async () => {
      const client = await connect();
      expect((await client.closed).code).toBe(4000);
    });

    it('should keep the seat of a peer that rejoins right after a clean close, whatever order its old clean-up runs in', async () => {
      const a = await dllJoin('185001');
      const first = await dllJoin('185002');
      await a.client.next('peer_joined');
      // The old socket's clean-up waits its turn in the disconnect drain while the peer comes back.
      void first.client.close();
      const again = await dllJoin('185002');
      expect(again.sessionId).toBe(first.sessionId);
      await new Promise((resolve) => setTimeout(resolve, 500));
      const session = await getJson(testApp.url, `/api/v1/sessions/${a.sessionId}`);
      expect(session.body.connected_players).toEqual(['185001', '185002']);
      again.client.send({ type: 'offer', to: '185001', sdp: 'v=0' });
      expect(await a.client.next('offer')).toMatchObject({ from: '185002', sdp: 'v=0' });
      a.client.send({ type: 'offer', to: '185002', sdp: 'v=1' });
      expect(await again.client.next('offer')).toMatchObject({ from: '185001', sdp: 'v=1' });
    });

    it('should replace a duplicate peer cleanly', async () => {
      const a = await dllJoin('180001');
      const first = await dllJoin('180002');
      await a.client.next('peer_joined');
      const second = await dllJoin('180002');
      expect(second.sessionId).toBe(first.sessionId);
      expect((await first.client.closed).code).toBe(4001);
      await a.client.expectNothing('peer_left');
      await a.client.expectNothing('peer_joined');
      const session = await getJson(testApp.url, `/api/v1/sessions/${a.sessionId}`);
      expect(session.body.connected_players).toEqual(['180001', '180002']);
      second.client.send({ type: 'offer', to: '180001', sdp: 'v=0' });
      expect(await a.client.next('offer')).toMatchObject({ from: '180002', sdp: 'v=0' });
    });
  });

  describe('reference dialect', () => {
    it('should join by integer id, relay offer/answer/ICE within the session, and leave', async () => {
      const session = await restSession();
      const c = await connect('?peer_id=peer-c');
      c.send({ type: 'join', session_id: String(session.id) });
      expect(await c.next('session-joined')).toMatchObject({
        type: 'session-joined',
        session_id: String(session.id),
        peers: [],
      });
      const d = await connect('?peer_id=peer-d');
      d.send({ type: 'join', session_id: session.session_id });
      expect(await d.next('session-joined')).toMatchObject({
        type: 'session-joined',
        session_id: session.session_id,
        peers: ['peer-c'],
      });
      expect(await c.next('peer-joined')).toEqual({ type: 'peer-joined', peer_id: 'peer-d' });

      c.send({ type: 'offer', to: 'peer-d', sdp: { type: 'offer', sdp: 'v=0' } });
      const offer = await d.next('offer');
      expect(offer).toMatchObject({ from: 'peer-c', sdp: { type: 'offer', sdp: 'v=0' } });
      expect(typeof offer.timestamp).toBe('string');
      d.send({ type: 'answer', target_peer_id: 'peer-c', sdp: 'v=0 answer' });
      expect(await c.next('answer')).toMatchObject({ from: 'peer-d', sdp: 'v=0 answer' });
      d.send({
        type: 'ice_candidate',
        to: 'peer-c',
        candidate: { candidate: 'candidate:1 1 udp 1 192.0.2.1 5000 typ host' },
      });
      expect(await c.next('ice-candidate')).toMatchObject({ from: 'peer-d' });

      d.send({ type: 'leave' });
      expect(await d.next('session-left')).toEqual({ type: 'session-left', session_id: session.session_id });
      expect(await c.next('peer-left')).toEqual({ type: 'peer-left', peer_id: 'peer-d' });
      const after = await getJson(testApp.url, `/api/v1/sessions/${session.id}`);
      expect(after.body.connected_players).toEqual(['peer-c']);
    });

    it("should hold the zone's rules on a join by session id, as on a placement by zone", async () => {
      const session = await restSession();
      const members = async () =>
        (await getJson(testApp.url, `/api/v1/sessions/${session.session_id}`)).body.connected_players;
      expect((await postJson(testApp.url, `/api/v1/zones/${session.zone_id}/disable-p2p`, {})).status).toBe(200);
      const byMessage = await connect('?peer_id=peer-z1');
      byMessage.send({ type: 'join', session_id: session.session_id });
      expect((await byMessage.next('error')).code).toBe('ZONE_NOT_P2P');
      const byQuery = await connect(`?peer_id=peer-z2&session_id=${session.id}`);
      expect((await byQuery.next('error')).code).toBe('ZONE_NOT_P2P');
      const byRest = await postJson(testApp.url, `/api/v1/sessions/${session.session_id}/players`, {
        player_id: 'peer-z3',
      });
      expect({ status: byRest.status, code: byRest.body.code }).toEqual({ status: 409, code: 'ZONE_NOT_P2P' });
      expect(await members()).toEqual([]);
      // Back on, the same join works; a zone in maintenance refuses it again.
      expect((await postJson(testApp.url, `/api/v1/zones/${session.zone_id}/enable-p2p`, {})).status).toBe(200);
      byMessage.send({ type: 'join', session_id: session.session_id });
      await byMessage.next('session-joined');
      const maintenance = await fetch(`${testApp.url}/api/v1/zones/${session.zone_id}/status?new_status=maintenance`, {
        method: 'PATCH',
      });
      expect(maintenance.status).toBe(200);
      byQuery.send({ type: 'join', session_id: session.session_id });
      expect((await byQuery.next('error')).code).toBe('ZONE_DISABLED');
      expect(await members()).toEqual(['peer-z1']);
    });

    it('should join at once with session_id in the query', async () => {
      const session = await restSession();
      const client = await connect(`?peer_id=peer-q&session_id=${session.session_id}`);
      expect(await client.next('session-joined')).toMatchObject({ session_id: session.session_id, peers: [] });
    });

    it('should leave the first session when joining a second', async () => {
      const one = await restSession();
      const two = await restSession();
      const stay = await connect('?peer_id=stay');
      stay.send({ type: 'join', session_id: one.session_id });
      await stay.next('session-joined');
      const mover = await connect('?peer_id=mover');
      mover.send({ type: 'join', session_id: one.session_id });
      await mover.next('session-joined');
      await stay.next('peer-joined');
      mover.send({ type: 'join', session_id: two.session_id });
      await mover.next('session-joined');
      expect(await stay.next('peer-left')).toEqual({ type: 'peer-left', peer_id: 'mover' });
      expect((await getJson(testApp.url, `/api/v1/sessions/${one.session_id}`)).body.connected_players).toEqual([
        'stay',
      ]);
      expect((await getJson(testApp.url, `/api/v1/sessions/${two.session_id}`)).body.connected_players).toEqual([
        'mover',
      ]);
    });

    it('should refuse signals outside a shared session and to peers that are gone', async () => {
      const one = await restSession();
      const two = await restSession();
      const lonely = await connect('?peer_id=lonely');
      lonely.send({ type: 'offer', to: 'anyone', sdp: 'v=0' });
      expect(await lonely.next('error')).toMatchObject({ code: 'NOT_IN_SESSION' });
      const x = await connect('?peer_id=x');
      x.send({ type: 'join', session_id: one.session_id });
      await x.next('session-joined');
      const y = await connect('?peer_id=y');
      y.send({ type: 'join', session_id: two.session_id });
      await y.next('session-joined');
      x.send({ type: 'ice-candidate', to: 'y', candidate: 'candidate:1' });
      expect(await x.next('error')).toMatchObject({ code: 'NOT_IN_SAME_SESSION' });
      expect(y.messages.filter((m) => m.type === 'ice-candidate')).toHaveLength(0);
    });
  });

  describe('bad input', () => {
    it('should answer every malformed message with an error and keep the connection open', async () => {
      const client = await connect('?peer_id=bad-input');
      const cases: [unknown, string][] = [
        ['not json', 'INVALID_JSON'],
        ['[1,2]', 'INVALID_MESSAGE'],
        ['"text"', 'INVALID_MESSAGE'],
        [{ no: 'type' }, 'INVALID_MESSAGE'],
        [{ type: 42 }, 'INVALID_MESSAGE'],
        [{ type: 'teleport' }, 'UNKNOWN_TYPE'],
        [{ type: 'create_session', peer_id: 'bad-input' }, 'INVALID_MESSAGE'],
        [{ type: 'create_session', peer_id: 'bad input!', zone: 'prontera' }, 'INVALID_MESSAGE'],
        [{ type: 'join', session_id: 'x'.repeat(65) }, 'INVALID_MESSAGE'],
        [{ type: 'offer', to: 'someone' }, 'INVALID_MESSAGE'],
        [{ type: 'offer', to: 'someone', sdp: 'x'.repeat(40000) }, 'INVALID_MESSAGE'],
      ];
      for (const [payload, code] of cases) {
        client.send(payload);
        const error = await client.next('error');
        expect({ payload, code: error.code }).toEqual({ payload, code });
        expect(typeof error.message).toBe('string');
      }
      client.ws.send(Buffer.from([1, 2, 3]));
      expect(await client.next('error')).toMatchObject({ code: 'NOT_IN_SESSION' });
      client.send({ type: 'ping' });
      expect((await client.next('pong')).type).toBe('pong');
    });

    it('should drop a socket that stops answering protocol pings', async () => {
      const silent = new TestWsClient(
        new WebSocket(`${testApp.wsUrl}/api/v1/signaling/ws?peer_id=silent`, { autoPong: false }),
      );
      clients.push(silent);
      const polite = await connect('?peer_id=polite');
      await silent.opened;
      expect((await silent.closed).code).toBe(1006);
      expect(polite.ws.readyState).toBe(WebSocket.OPEN);
    });

    it('should close with 1009 on an oversized message', async () => {
      const client = await connect('?peer_id=big');
      client.send({ type: 'ping', pad: 'x'.repeat(70 * 1024) });
      expect((await client.closed).code).toBe(1009);
    });

    it('should close with 1008 after repeated abuse', async () => {
      const client = await connect('?peer_id=abuser');
      for (let i = 0; i < 25; i++) {
        client.send('garbage');
      }
      expect((await client.closed).code).toBe(1008);
    });

    it('should report node and cluster stats', async () => {
      await dllJoin('190001');
      const stats = await getJson(testApp.url, '/api/v1/signaling/stats');
      expect(stats.status).toBe(200);
      expect(stats.body.active_connections).toBeGreaterThanOrEqual(1);
      expect(stats.body.active_sessions).toBeGreaterThanOrEqual(1);
      expect(stats.body.cluster.nodes).toBe(1);
    });
  });

  beforeEach(async () => {
    await resetDatabase(testApp);
    await testApp.db.query(
      `INSERT INTO zones (zone_id, zone_name, zone_display_name, map_name) VALUES ('prontera','prontera','Prontera','prontera'), ('geffen','geffen','Geffen','geffen')`,
    );
  });
});
