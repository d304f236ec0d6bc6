import { createTestApp, TestApp } from '../utils/create-test-app';
import { makeHostBody, makeZoneBody } from '../utils/factories';
import {
  admin,
  bearer,
  connectPlayer,
  issueToken,
  KEY,
  MODERATION_ENV,
  OPS,
  status,
  tryConnect,
} from '../utils/moderation';
import { sleep } from '../utils/rest';
import { mintToken, request } from '../utils/tokens';
import { TestWsClient } from '../utils/ws-client';

/**
 * The moderation API on one node (the embedded default without TEST_DATABASE_URL / TEST_REDIS_URL;
 * real PostgreSQL and Redis with them): a peer's live state, the search, kicks, bans of a peer id and
 * of an address (what they block, their expiry, their lifting), the audit trail with its actors, and
 * the admin-only access. The two-node behaviour is in moderation-cluster.e2e-spec.ts.
 */
describe('Moderation (one node)', () => {
  let app: TestApp;
  const clients: TestWsClient[] = [];
  const run = `${process.pid}-${Date.now() % 100000}`;
  const peer = (name: string): string => `${name}-${run}`;

  beforeAll(async () => {
    app = await createTestApp(MODERATION_ENV);
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.close()));
  });
  afterAll(async () => {
    // Lift what this run left, so a shared database does not carry it into other suites.
    const left = await admin(app, 'GET', '/bans?limit=500');
    for (const ban of left.body ?? []) {
      if (String(ban.peer_id ?? '').endsWith(run) || ban.ip === '127.0.0.1') {
        await admin(app, 'DELETE', `/bans/${ban.id as string}`);
      }
    }
    await app.close();
  });

  it('should refuse player tokens (403) and no credential (401) on every moderation route', async () => {
    const player = bearer(mintToken(peer('someone')));
    const routes: [string, string, unknown?][] = [
      ['GET', '/peers/x'],
      ['GET', '/peers?query=x'],
      ['POST', '/kick', { peer_id: 'x', reason: 'r' }],
      ['POST', '/bans', { peer_id: 'x', reason: 'r' }],
      ['GET', '/bans'],
      ['DELETE', '/bans/x'],
      ['GET', '/audit'],
    ];
    for (const [method, path, body] of routes) {
      expect({ route: `${method} ${path}`, ...status(await admin(app, method, path, body, player)) }).toEqual({
        route: `${method} ${path}`,
        status: 403,
        code: 'FORBIDDEN',
      });
      expect((await admin(app, method, path, body, {})).status).toBe(401);
    }
  });

  it('should describe a connected peer, find it by prefix and zone, and 404 a peer it never saw', async () => {
    const id = peer('seen');
    await connectPlayer(app, id, clients);
    const described = await admin(app, 'GET', `/peers/${id}`);
    expect(described.status).toBe(200);
    expect(described.body).toMatchObject({
      peer_id: id,
      online: true,
      node_id: app.config.service.nodeId,
      zone: 'prontera',
      session_id: expect.stringMatching(/^session-/),
      address: '127.0.0.1',
      connected_at: expect.any(String),
      suspicion: 0,
      banned: false,
    });
    const found = await admin(app, 'GET', `/peers?query=${id}&zone=prontera&limit=5`);
    expect(found.status).toBe(200);
    expect(found.body).toEqual([
      expect.objectContaining({ peer_id: id, zone: 'prontera', session_id: expect.any(String) }),
    ]);
    expect((await admin(app, 'GET', `/peers?query=${id}&zone=geffen`)).body).toEqual([]);
    expect((await admin(app, 'GET', `/peers?query=${id}&min_suspicion=1`)).body).toEqual([]);
    expect(status(await admin(app, 'GET', `/peers/${peer('never')}`))).toEqual({ status: 404, code: 'PEER_NOT_FOUND' });
    expect((await admin(app, 'GET', '/peers?limit=501')).status).toBe(422);
  });

  it('should kick: KICKED then close 4003 with the reason, the count, and the audit entry with the actor', async () => {
    const id = peer('kicked');
    const client = await connectPlayer(app, id, clients);
    const answer = await admin(app, 'POST', '/kick', { peer_id: id, reason: 'speed hacking' }, OPS);
    expect(answer).toMatchObject({ status: 200, body: { kicked: 1 } });
    expect(await client.next('error')).toMatchObject({
      code: 'KICKED',
      message: expect.stringContaining('speed hacking'),
    });
    expect(await client.closed).toEqual({ code: 4003, reason: 'speed hacking' });
    expect((await admin(app, 'POST', '/kick', { peer_id: id, reason: 'again' })).body).toEqual({ kicked: 0 });

    const audit = await admin(app, 'GET', '/audit?limit=2');
    expect(audit.body[0]).toMatchObject({ actor: 'api-key', action: 'peer.kick', target: id, details: { kicked: 0 } });
    expect(audit.body[1]).toMatchObject({
      actor: 'ops-alice',
      action: 'peer.kick',
      target: id,
      reason: 'speed hacking',
      details: { kicked: 1 },
    });
  });

  it('should ban a peer id: live socket closed, no token, no refresh, no Bearer request, no connection; lifted, all work again', async () => {
    const id = peer('banned');
    const issued = (await issueToken(app, id)).body;
    const client = await connectPlayer(app, id, clients);

    const created = await admin(app, 'POST', '/bans', { peer_id: id, reason: 'botting' }, OPS);
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.any(String),
      peer_id: id,
      ip: null,
      reason: 'botting',
      created_at: expect.any(String),
      expires_at: null,
      lifted_at: null,
      active: true,
      created_by: 'ops-alice',
    });
    expect(await client.next('error')).toMatchObject({ code: 'BANNED', message: expect.stringContaining('botting') });
    expect((await client.closed).code).toBe(4003);

    expect(status(await issueToken(app, id))).toEqual({ status: 403, code: 'BANNED' });
    expect(
      status(await request(app.url, 'POST', '/api/v1/auth/refresh', {}, { refresh_token: issued.refresh_token })),
    ).toEqual({ status: 403, code: 'BANNED' });
    expect(status(await request(app.url, 'GET', '/api/v1/zones/', bearer(issued.token)))).toEqual({
      status: 403,
      code: 'BANNED',
    });
    const refused = await tryConnect(app, id, clients);
    expect(await refused.next('error')).toMatchObject({ code: 'BANNED' });
    expect((await refused.closed).code).toBe(4003);
    expect((await admin(app, 'GET', `/peers/${id}`)).body).toMatchObject({ peer_id: id, online: false, banned: true });
    expect((await admin(app, 'GET', '/bans')).body.map((ban: { id: string }) => ban.id)).toContain(created.body.id);

    const lifted = await admin(app, 'DELETE', `/bans/${created.body.id as string}`);
    expect(lifted.body).toMatchObject({ id: created.body.id, active: false, lifted_at: expect.any(String) });
    expect((await issueToken(app, id)).status).toBe(200);
    expect((await request(app.url, 'GET', '/api/v1/zones/', bearer(issued.token))).status).toBe(200);
    await connectPlayer(app, id, clients);
    expect((await admin(app, 'GET', '/bans')).body.map((ban: { id: string }) => ban.id)).not.toContain(created.body.id);
    expect((await admin(app, 'GET', '/bans?all=true')).body.map((ban: { id: string }) => ban.id)).toContain(
      created.body.id,
    );
    expect(status(await admin(app, 'DELETE', '/bans/no-such-ban'))).toEqual({ status: 404, code: 'BAN_NOT_FOUND' });

    const audit = (await admin(app, 'GET', '/audit?limit=2')).body;
    expect(audit.map((entry: { action: string }) => entry.action)).toEqual(['ban.lift', 'ban.create']);
    expect(audit[0]).toMatchObject({ actor: 'api-key', target: id, details: { ban_id: created.body.id } });
    expect(audit[1]).toMatchObject({ actor: 'ops-alice', target: id, reason: 'botting' });
  });

  it('should stop applying an expired ban by itself', async () => {
    const id = peer('expiring');
    const created = await admin(app, 'POST', '/bans', { peer_id: id, reason: 'cool down', duration_seconds: 1 });
    expect(created.body.expires_at).toEqual(expect.any(String));
    expect(status(await issueToken(app, id))).toEqual({ status: 403, code: 'BANNED' });
    await sleep(1100);
    expect((await issueToken(app, id)).status).toBe(200);
    await connectPlayer(app, id, clients);
    expect((await admin(app, 'GET', '/bans?all=true')).body).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: created.body.id, active: false, lifted_at: null })]),
    );
  });

  it('should ban an address (canonical form): its sockets closed, token issuance and connections refused', async () => {
    const id = peer('from-home');
    const client = await connectPlayer(app, id, clients);
    const created = await admin(app, 'POST', '/bans', { ip: '::ffff:127.0.0.1', reason: 'shared cheat box' });
    expect(created).toMatchObject({ status: 201, body: { ip: '127.0.0.1', peer_id: null } });
    expect(await client.next('error')).toMatchObject({ code: 'BANNED' });
    expect((await client.closed).code).toBe(4003);
    expect(status(await issueToken(app, peer('anyone')))).toEqual({ status: 403, code: 'BANNED' });
    const refused = await tryConnect(app, peer('anyone'), clients);
    expect(await refused.next('error')).toMatchObject({ code: 'BANNED' });
    expect((await refused.closed).code).toBe(4003);
    await admin(app, 'DELETE', `/bans/${created.body.id as string}`);
    expect((await issueToken(app, peer('anyone'))).status).toBe(200);
  });

  it('should validate a ban: exactly one of peer_id and ip, a real address, a positive duration', async () => {
    for (const body of [
      { reason: 'r' },
      { peer_id: 'a', ip: '10.0.0.1', reason: 'r' },
      { ip: 'not-an-ip', reason: 'r' },
      { peer_id: 'a', reason: 'r', duration_seconds: 0 },
      { peer_id: 'a' },
    ]) {
      expect({ body, ...status(await admin(app, 'POST', '/bans', body)) }).toEqual({
        body,
        status: 422,
        code: 'VALIDATION_FAILED',
      });
    }
  });

  it('should audit zone creation and switches, host deletion and session clean-up with their actors, newest first, paged by before', async () => {
    const zone = `zone-${run}`;
    expect((await request(app.url, 'POST', '/api/v1/zones', OPS, makeZoneBody({ zone_id: zone }))).status).toBe(201);
    expect((await request(app.url, 'PATCH', `/api/v1/zones/${zone}`, KEY, { description: 'audited' })).status).toBe(
      200,
    );
    await request(app.url, 'POST', `/api/v1/zones/${zone}/disable-p2p`, KEY);
    await request(app.url, 'POST', `/api/v1/zones/${zone}/enable-p2p`, KEY);
    await request(app.url, 'PATCH', `/api/v1/zones/${zone}/status?new_status=maintenance`, KEY);
    const host = makeHostBody();
    expect((await request(app.url, 'POST', '/api/v1/hosts/register', KEY, host)).status).toBe(201);
    expect((await request(app.url, 'DELETE', `/api/v1/hosts/${host.host_id as string}`, KEY)).status).toBe(204);
    expect((await request(app.url, 'POST', '/api/v1/sessions/cleanup?timeout_minutes=60', OPS)).status).toBe(200);

    const audit = (await admin(app, 'GET', '/audit?limit=8')).body;
    expect(
      audit.map((entry: { action: string; actor: string; target: string | null }) => [
        entry.action,
        entry.actor,
        entry.target,
      ]),
    ).toEqual([
      ['sessions.cleanup', 'ops-alice', null],
      ['host.delete', 'api-key', host.host_id],
      ['zone.status', 'api-key', zone],
      ['zone.enable_p2p', 'api-key', zone],
      ['zone.disable_p2p', 'api-key', zone],
      ['zone.update', 'api-key', zone],
      ['zone.create', 'ops-alice', zone],
      expect.any(Array),
    ]);
    expect(audit[0].details).toMatchObject({ timeout_minutes: 60, cleaned: expect.any(Number) });
    expect(audit[2].details).toEqual({ status: 'maintenance' });
    expect(audit[5].details).toEqual({ description: 'audited' });
    const page = (await admin(app, 'GET', `/audit?limit=2&before=${audit[1].id as string}`)).body;
    expect(page.map((entry: { id: string }) => entry.id)).toEqual([audit[2].id, audit[3].id]);
    const byTime = (await admin(app, 'GET', `/audit?limit=1&before=${encodeURIComponent('2000-01-01T00:00:00Z')}`))
      .body;
    expect(byTime).toEqual([]);
    expect((await admin(app, 'GET', '/audit?before=yesterday')).status).toBe(422);
  });
});
