import { CoordinatorApiError, CoordinatorClient, PacketType } from '@ro-p2p/client';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { decodeClaims } from '../utils/tokens';

/**
 * The SDK against a coordinator that requires tokens on the WebSocket and authenticated P2P2 frames:
 * token request in both body shapes, both refresh forms, `?token=` on connect and reconnect, and
 * frames signed with the join reply's frame key.
 */
describe('Client SDK with tokens and authenticated frames', () => {
  let testApp: TestApp;
  const clients: CoordinatorClient[] = [];

  const client = (peerId: string, dialect: 'dll' | 'reference' = 'dll'): CoordinatorClient => {
    const sdk = new CoordinatorClient({ url: testApp.url, peerId, dialect, reconnect: { baseMs: 50, maxMs: 200 } });
    clients.push(sdk);
    return sdk;
  };

  beforeAll(async () => {
    testApp = await createTestApp({
      P2P_ENABLED_ZONES: 'prontera',
      PROXIMITY_TICK_MS: '50',
      JWT_VALIDATION_ENABLED: 'true',
      FRAME_AUTH_REQUIRED: 'true',
    });
  });

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((sdk) => sdk.close()));
  });

  afterAll(async () => {
    await testApp.close();
  });

  it('should request tokens in both body shapes and refresh them by refresh token and by Bearer', async () => {
    const dll = client('tok-dll');
    const issued = await dll.api.requestToken({ shape: 'dll', peerId: 'tok-dll' });
    expect(issued).toMatchObject({ token: expect.any(String), token_type: 'Bearer', expires_in: expect.any(Number) });
    expect(issued.access_token).toBe(issued.token);
    expect(decodeClaims(issued.token).sub).toBe('tok-dll');

    const byRefresh = await dll.api.refresh(true);
    expect(byRefresh.token).toEqual(expect.any(String));
    const byBearer = await dll.api.refresh(false);
    expect(decodeClaims(byBearer.token).sub).toBe('tok-dll');
    expect(dll.api.accessToken).toBe(byBearer.token);
    expect(decodeClaims(byBearer.token)).toMatchObject({ fam: decodeClaims(issued.token).fam, gen: 2 });

    const kept = byBearer.refresh_token;
    await dll.api.logout();
    expect(dll.api.accessToken).toBeUndefined();
    dll.api.refreshToken = kept;
    await expect(dll.api.refresh(true)).rejects.toMatchObject({ status: 401, code: 'TOKEN_REVOKED' });

    const reference = client('tok-ref', 'reference');
    const referenceToken = await reference.api.requestToken({
      shape: 'reference',
      playerId: 'tok-ref',
      userId: 'account-1',
    });
    expect(decodeClaims(referenceToken.access_token).sub).toBe('tok-ref');
  });

  it('should be refused on the WebSocket without a token and admitted with one', async () => {
    const anonymous = client('anon');
    await anonymous.connect();
    await expect(anonymous.join({ zone: 'prontera' })).rejects.toMatchObject({
      code: expect.stringMatching(/UNAUTHORIZED/),
    });

    const sdk = client('tok-ws');
    await sdk.api.requestToken({ shape: 'dll', peerId: 'tok-ws' });
    await sdk.connect();
    expect((await sdk.join({ zone: 'prontera' })).sessionId).toEqual(expect.any(String));
  });

  it('should surface a refused REST call as a CoordinatorApiError with the coordinator code', async () => {
    const sdk = client('tok-bad');
    sdk.api.accessToken = 'not-a-token';
    await expect(sdk.api.refresh(false)).rejects.toBeInstanceOf(CoordinatorApiError);
  });

  it('should sign frames with the frame key so the coordinator accepts them, with rising sequence numbers', async () => {
    const a = client('auth-a');
    const b = client('auth-b');
    for (const sdk of [a, b]) {
      await sdk.api.requestToken({ shape: 'dll', peerId: sdk.peerId });
      await sdk.connect();
      await sdk.join({ zone: 'prontera' });
    }
    const errors: string[] = [];
    a.on('error', (error) => errors.push(`${error.code}:${error.reason ?? ''}`));
    const listed = b.waitFor('peerList', 5000, (event) => event.peers.has('auth-a'));
    a.sendPosition(50, 50);
    b.sendPosition(52, 50);
    await listed;
    const relayed = b.waitFor('relayed');
    a.sendRelay(PacketType.VISUAL_EFFECT, Buffer.from([1, 2, 3]));
    expect((await relayed)[0]).toMatchObject({ senderPeerId: 'auth-a', typeName: 'VISUAL_EFFECT' });
    const pong = a.waitFor('pong');
    a.sendPing(Buffer.from('12345678'));
    expect((await pong)[0].toString()).toBe('12345678');
    expect(errors).toEqual([]);
    expect(a.frameSeq).toBe(3n);
  });

  it('should be refused when sending plain frames to a coordinator that requires authentication', async () => {
    const sdk = new CoordinatorClient({
      url: testApp.url,
      peerId: 'plain',
      authenticateFrames: false,
      reconnect: false,
    });
    clients.push(sdk);
    await sdk.api.requestToken({ shape: 'dll', peerId: 'plain' });
    await sdk.connect();
    await sdk.join({ zone: 'prontera' });
    const rejected = sdk.waitFor('error');
    sdk.sendPosition(10, 10);
    expect((await rejected)[0]).toMatchObject({ code: 'FRAME_REJECTED', reason: 'auth_required', local: false });
  });
});
