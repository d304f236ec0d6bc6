import WebSocket from 'ws';
import { createTestApp, resetDatabase, TestApp } from './create-test-app';
import { makeHostBody, makeZoneBody } from './factories';
import { ADMIN, CASES, CREDS, expectedOutcome, Fixture, GuardConfig, headersFor, one } from './security-cases';
import { eventually } from './rest';
import { decodeClaims, mintToken, request, TEST_API_KEY } from './tokens';
import { TestWsClient } from './ws-client';

/**
 * The access matrix: every credential kind against representative routes of each group and the
 * WebSocket, for one guard configuration. Refusals must answer the exact status and code and
 * leave the database as it was.
 */
export function securityEnv(cfg: GuardConfig): Record<string, string> {
  return {
    JWT_VALIDATION_ENABLED: String(cfg.jwt),
    API_KEY_VALIDATION_ENABLED: String(cfg.key),
    COORDINATOR_API_KEY: TEST_API_KEY,
    CORS_ORIGINS: 'http://allowed.example',
  };
}

export function describeSecurityMatrix(cfg: GuardConfig): void {
  describe(`security matrix: JWT ${cfg.jwt ? 'on' : 'off'}, API key ${cfg.key ? 'on' : 'off'}`, () => {
    let app: TestApp;
    let fixture: Fixture;
    const clients: TestWsClient[] = [];

    beforeAll(async () => {
      app = await createTestApp(securityEnv(cfg));
    });

    beforeEach(async () => {
      await resetDatabase(app);
      expect(
        (await request(app.url, 'POST', '/api/v1/zones/', ADMIN, makeZoneBody({ zone_id: 'zone-m', max_players: 50 })))
          .status,
      ).toBe(201);
      expect(
        (
          await request(
            app.url,
            'POST',
            '/api/v1/hosts/register',
            ADMIN,
            makeHostBody({ host_id: 'host-a', player_id: 'alice' }),
          )
        ).status,
      ).toBe(201);
      expect(
        (
          await request(
            app.url,
            'POST',
            '/api/v1/hosts/register',
            ADMIN,
            makeHostBody({ host_id: 'host-b', player_id: 'bob' }),
          )
        ).status,
      ).toBe(201);
      const session = await request(app.url, 'POST', '/api/v1/sessions/', ADMIN, {
        host_id: 'host-a',
        zone_id: 'zone-m',
        player_ids: ['alice'],
      });
      expect(session.status).toBe(201);
      fixture = { sessionId: session.body.session_id as string };
    });

    afterEach(async () => {
      await Promise.all(clients.splice(0).map((client) => client.close()));
      // The server removes a departed peer from its session in the background; wait for it, or the
      // next test's TRUNCATE races that transaction (a deadlock on PostgreSQL).
      await eventually(async () => {
        expect(
          Number(
            (await one(app, "SELECT count(*) AS n FROM session_players WHERE player_id IN ('carol', 'dave')", [])).n,
          ),
        ).toBe(0);
      });
    });

    afterAll(async () => {
      await app.close();
    });

    for (const c of CASES) {
      for (const cred of CREDS) {
        const want = expectedOutcome(cfg, c, cred);
        it(`${c.name} with ${cred} credentials → ${want.status}${want.code ? ` ${want.code}` : ''}`, async () => {
          const answer = await c.send(app, fixture, headersFor(cred));
          expect({ status: answer.status, code: want.code ? answer.body?.code : undefined }).toEqual({
            status: want.status,
            code: want.code,
          });
          if (answer.status >= 400 && c.unchanged) {
            await c.unchanged(app, fixture);
          }
        });
      }
    }

    if (cfg.jwt) {
      it('refuses re-registering a host_id owned by another player, changing nothing', async () => {
        const answer = await request(
          app.url,
          'POST',
          '/api/v1/hosts/register',
          headersFor('other'),
          makeHostBody({ host_id: 'host-a', player_id: 'bob', port: 9998 }),
        );
        expect(answer.status).toBe(403);
        expect(answer.body.code).toBe('FORBIDDEN');
        const host = await one(app, 'SELECT player_id, port FROM hosts WHERE host_id = $1', ['host-a']);
        expect(host).toMatchObject({ player_id: 'alice' });
        expect(host.port).not.toBe(9998);
      });

      it('lets one of two players registering the same new host_id at once have it, refusing the other', async () => {
        const register = (cred: 'client' | 'other', player: string, port: number) =>
          request(
            app.url,
            'POST',
            '/api/v1/hosts/register',
            headersFor(cred),
            makeHostBody({ host_id: 'host-contested', player_id: player, port }),
          );
        // Alternating, so each player's requests meet the other's on the fresh row.
        const answers = await Promise.all(
          Array.from({ length: 10 }, (_, i) =>
            i % 2 === 0 ? register('client', 'alice', 7000 + i) : register('other', 'bob', 7000 + i),
          ),
        );

        const host = await one(app, 'SELECT player_id, port FROM hosts WHERE host_id = $1', ['host-contested']);
        const winner = host.player_id === 'alice' ? 0 : 1;
        answers.forEach((answer, i) => {
          expect({ i, status: answer.status, code: answer.body?.code }).toEqual(
            i % 2 === winner ? { i, status: 201, code: undefined } : { i, status: 403, code: 'FORBIDDEN' },
          );
        });
        // The row holds one of the winner's registrations, never the loser's.
        expect(Number(host.port) % 2).toBe(winner);
      });

      it("answers a player's heartbeat 404 for an unknown host and 403 for another player's, changing nothing", async () => {
        const beat = {
          latency_ms: 66,
          packet_loss_percent: 0,
          bandwidth_usage_mbps: 1,
          current_players: 0,
          current_zones: 0,
        };
        const unknown = await request(app.url, 'POST', '/api/v1/hosts/ghost/heartbeat', headersFor('other'), beat);
        expect({ status: unknown.status, code: unknown.body?.code }).toEqual({ status: 404, code: 'HOST_NOT_FOUND' });
        const others = await request(app.url, 'POST', '/api/v1/hosts/host-a/heartbeat', headersFor('other'), beat);
        expect({ status: others.status, code: others.body?.code }).toEqual({ status: 403, code: 'FORBIDDEN' });
        expect(Number((await one(app, 'SELECT latency_ms FROM hosts WHERE host_id = $1', ['host-a'])).latency_ms)).toBe(
          0,
        );
        const own = await request(app.url, 'POST', '/api/v1/hosts/host-b/heartbeat', headersFor('other'), beat);
        expect({ status: own.status, latency: own.body?.latency_ms }).toEqual({ status: 200, latency: 66 });
      });
    }

    if (cfg.key) {
      it("launcher flow: a token the launcher mints with the key is the named player's token, never an admin's", async () => {
        const minted = await request(app.url, 'POST', '/api/v1/auth/token', ADMIN, {
          player_id: 'bob',
          client_version: '1.0.0',
          timestamp: 1,
        });
        expect(minted.status).toBe(200);
        const heartbeat = (latency: number) => ({
          latency_ms: latency,
          packet_loss_percent: 0,
          bandwidth_usage_mbps: 1,
          current_players: 0,
          current_zones: 0,
        });
        const tryEverything = async (token: string) => {
          const bob = { authorization: `Bearer ${token}` };
          return {
            ownHeartbeat: (await request(app.url, 'POST', '/api/v1/hosts/host-b/heartbeat', bob, heartbeat(5))).status,
            othersHeartbeat: (await request(app.url, 'POST', '/api/v1/hosts/host-a/heartbeat', bob, heartbeat(66)))
              .status,
            deleteOthersHost: (await request(app.url, 'DELETE', '/api/v1/hosts/host-a', bob)).status,
            createZone: (await request(app.url, 'POST', '/api/v1/zones/', bob, makeZoneBody({ zone_id: 'zone-evil' })))
              .status,
            disableP2p: (await request(app.url, 'POST', '/api/v1/zones/zone-m/disable-p2p', bob)).status,
            cleanup: (await request(app.url, 'POST', '/api/v1/sessions/cleanup?timeout_minutes=1', bob)).status,
            endOthersSession: (await request(app.url, 'POST', `/api/v1/sessions/${fixture.sessionId}/end`, bob)).status,
          };
        };
        // With JWT on, bob is a verified player: his own host only, no admin route (403). With JWT
        // off nobody is verified: client routes are open as on a LAN, the rest needs the key (401).
        const expected = cfg.jwt
          ? {
              ownHeartbeat: 200,
              othersHeartbeat: 403,
              deleteOthersHost: 403,
              createZone: 403,
              disableP2p: 403,
              cleanup: 403,
              endOthersSession: 403,
            }
          : {
              ownHeartbeat: 200,
              othersHeartbeat: 200,
              deleteOthersHost: 401,
              createZone: 401,
              disableP2p: 401,
              cleanup: 401,
              endOthersSession: 200,
            };
        expect(await tryEverything(minted.body.token)).toEqual(expected);
        const refreshed = await request(
          app.url,
          'POST',
          '/api/v1/auth/refresh',
          {},
          { refresh_token: minted.body.refresh_token },
        );
        expect(decodeClaims(refreshed.body.token)).toMatchObject({ sub: 'bob', role: 'client' });
        if (cfg.jwt) {
          // The refresh keeps the role: still bob's player token.
          expect(await tryEverything(refreshed.body.token)).toEqual(expected);
          expect(
            await one(app, 'SELECT status FROM p2p_sessions WHERE session_id = $1', [fixture.sessionId]),
          ).toMatchObject({ status: 'active' });
          expect(
            Number((await one(app, 'SELECT latency_ms FROM hosts WHERE host_id = $1', ['host-a'])).latency_ms),
          ).not.toBe(66);
        }
        expect(await one(app, 'SELECT p2p_enabled FROM zones WHERE zone_id = $1', ['zone-m'])).toMatchObject({
          p2p_enabled: true,
        });
        expect(await one(app, 'SELECT id FROM hosts WHERE host_id = $1', ['host-a'])).toBeDefined();
        expect(await one(app, "SELECT id FROM zones WHERE zone_id = 'zone-evil'", [])).toBeUndefined();
      });
    }

    const carolMemberships = async (): Promise<number> =>
      Number((await one(app, 'SELECT count(*) AS n FROM session_players WHERE player_id = $1', ['carol'])).n);

    const wsTokens: Record<'none' | 'wrong' | 'expired' | 'other' | 'client', string | undefined> = {
      none: undefined,
      wrong: 'not.a.token',
      expired: mintToken('carol', { issuedSecondsAgo: 7200, ttlSeconds: 3600 }),
      other: mintToken('bob'),
      client: mintToken('carol'),
    };
    const wsRefusals: Record<string, string> = {
      none: 'UNAUTHORIZED',
      wrong: 'INVALID_TOKEN',
      expired: 'TOKEN_EXPIRED',
    };

    for (const [cred, token] of Object.entries(wsTokens)) {
      it(`WebSocket create_session with ${cred} token in the first message`, async () => {
        const client = await TestWsClient.connect(app.wsUrl);
        clients.push(client);
        client.send({ type: 'create_session', peer_id: 'carol', zone: 'zone-m', token });
        if (!cfg.jwt || cred === 'client') {
          expect((await client.next('session_created')).session_id).toEqual(expect.any(String));
          expect(await carolMemberships()).toBe(1);
          return;
        }
        const error = await client.next('error');
        if (cred === 'other') {
          expect(error.code).toBe('PEER_ID_MISMATCH');
        } else {
          expect(error.code).toBe(wsRefusals[cred]);
          expect((await client.closed).code).toBe(1008);
        }
        expect(await carolMemberships()).toBe(0);
      });
    }

    it('WebSocket token in the query string or the Authorization header', async () => {
      const viaQuery = await TestWsClient.connect(app.wsUrl, `?token=${wsTokens.client}`);
      const viaHeader = new TestWsClient(
        new WebSocket(`${app.wsUrl}/api/v1/signaling/ws`, {
          headers: { authorization: `Bearer ${mintToken('dave')}` },
        }),
      );
      await viaHeader.opened;
      clients.push(viaQuery, viaHeader);
      viaQuery.send({ type: 'create_session', peer_id: 'carol', zone: 'zone-m' });
      viaHeader.send({ type: 'create_session', peer_id: 'dave', zone: 'zone-m' });
      await viaQuery.next('session_created');
      await viaHeader.next('session_created');
    });

    it('WebSocket with ?peer_id= and no token', async () => {
      const client = await TestWsClient.connect(app.wsUrl, `?peer_id=carol&session_id=${fixture.sessionId}`);
      clients.push(client);
      if (!cfg.jwt) {
        await client.next((m) => m.type === 'session-joined' || m.type === 'session_joined');
        return;
      }
      expect((await client.next('error')).code).toBe('UNAUTHORIZED');
      expect((await client.closed).code).toBe(1008);
      expect(await carolMemberships()).toBe(0);
    });

    it('WebSocket from a browser origin outside CORS_ORIGINS is refused; an allowed one is not', async () => {
      const bad = new TestWsClient(
        new WebSocket(`${app.wsUrl}/api/v1/signaling/ws`, { headers: { origin: 'http://evil.example' } }),
      );
      await bad.opened;
      expect((await bad.next('error')).code).toBe('FORBIDDEN');
      expect((await bad.closed).code).toBe(1008);
      const good = new TestWsClient(
        new WebSocket(`${app.wsUrl}/api/v1/signaling/ws?token=${wsTokens.client}`, {
          headers: { origin: 'http://allowed.example' },
        }),
      );
      await good.opened;
      clients.push(good);
      good.send({ type: 'create_session', peer_id: 'carol', zone: 'zone-m' });
      await good.next('session_created');
    });
  });
}
