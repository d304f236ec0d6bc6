import WebSocket from 'ws';
import { TestApp } from './create-test-app';
import { mintToken, request, TEST_API_KEY } from './tokens';
import { TestWsClient } from './ws-client';

/** Shared by the moderation specs: the guards on, the admin key, players connecting with tokens. */
export const MODERATION_ENV = {
  JWT_VALIDATION_ENABLED: 'true',
  API_KEY_VALIDATION_ENABLED: 'true',
  COORDINATOR_API_KEY: TEST_API_KEY,
  P2P_ENABLED_ZONES: 'prontera',
};

export const KEY = { 'x-api-key': TEST_API_KEY };
export const OPS = { authorization: `Bearer ${mintToken('ops-alice', { role: 'admin' })}` };

export const bearer = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` });

export const admin = (
  app: TestApp,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = KEY,
) => request(app.url, method, `/api/v1/moderation${path}`, headers, body);

/** A player's socket (Bearer token of its peer id), seated in prontera. */
export async function connectPlayer(app: TestApp, peerId: string, clients: TestWsClient[]): Promise<TestWsClient> {
  const client = new TestWsClient(
    new WebSocket(`${app.wsUrl}/api/v1/signaling/ws`, {
      headers: bearer(mintToken(peerId)),
      perMessageDeflate: false,
    }),
  );
  clients.push(client);
  await client.opened;
  client.send({ type: 'create_session', peer_id: peerId, zone: 'prontera' });
  await client.next('session_created');
  return client;
}

/** A socket that tries to connect as the peer (token and create_session), whatever the answer. */
export async function tryConnect(app: TestApp, peerId: string, clients: TestWsClient[]): Promise<TestWsClient> {
  const client = new TestWsClient(
    new WebSocket(`${app.wsUrl}/api/v1/signaling/ws`, {
      headers: bearer(mintToken(peerId)),
      perMessageDeflate: false,
    }),
  );
  clients.push(client);
  await client.opened;
  return client;
}

export const issueToken = (app: TestApp, peerId: string) =>
  request(app.url, 'POST', '/api/v1/auth/token', KEY, { peer_id: peerId, client_version: '1.0.0', timestamp: 1 });

export const status = (answer: { status: number; body: any }) => ({ status: answer.status, code: answer.body?.code });
