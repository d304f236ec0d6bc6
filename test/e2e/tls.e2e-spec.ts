import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { TlsListener } from '../../src/signaling/tls-listener.service';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { TestWsClient } from '../utils/ws-client';

/** A self-signed certificate made for this run (openssl is part of the base system). */
function makeCertificate(): { cert: string; key: string } {
  const dir = mkdtempSync(join(tmpdir(), 'coordinator-tls-'));
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
    ],
    { stdio: 'ignore' },
  );
  return { cert, key };
}

describe('TLS listener', () => {
  let testApp: TestApp;
  let port: number;

  beforeAll(async () => {
    const { cert, key } = makeCertificate();
    testApp = await createTestApp({
      TLS_CERT_FILE: cert,
      TLS_KEY_FILE: key,
      TLS_PORT: '0',
      P2P_ENABLED_ZONES: 'prontera',
    });
    port = (await testApp.app.get(TlsListener).start())!;
  });

  afterAll(async () => {
    await testApp.close();
  });

  it('should serve REST over TLS', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      request({ host: '127.0.0.1', port, path: '/health', rejectUnauthorized: false }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      })
        .on('error', reject)
        .end();
    });
    expect(status).toBe(200);
  });

  it('should accept the DLL handshake: TLS 1.2 only, no SNI, then create_session', async () => {
    // An IP literal carries no SNI, like the DLL's handshake; the protocol is pinned to TLS 1.2 as in the DLL.
    const options = {
      rejectUnauthorized: false,
      minVersion: 'TLSv1.2',
      maxVersion: 'TLSv1.2',
      perMessageDeflate: false,
    };
    const ws = new WebSocket(`wss://127.0.0.1:${port}/api/v1/signaling/ws`, options as WebSocket.ClientOptions);
    const client = new TestWsClient(ws);
    await client.opened;
    const socket = (ws as unknown as { _socket: { getProtocol(): string } })._socket;
    expect(socket.getProtocol()).toBe('TLSv1.2');
    client.send({ type: 'create_session', peer_id: '150001', zone: 'prontera', capabilities: { webrtc: true } });
    expect(await client.next('session_created')).toMatchObject({ type: 'session_created' });
    await client.close();
  });
});
