import { Logger } from '@nestjs/common';
import { X509Certificate } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect as tlsConnect, TLSSocket } from 'node:tls';
import WebSocket from 'ws';
import { TlsListener } from '../../src/signaling/tls-listener.service';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { eventually } from '../utils/rest';
import { sample, scrape } from '../utils/prometheus';
import { CertificateFiles, fingerprint, install, makeCertificate } from '../utils/tls-certificates';
import { TestWsClient } from '../utils/ws-client';

/** The DLL's handshake: TLS 1.2 only, and an IP literal, so no SNI. */
const DLL_TLS = { rejectUnauthorized: false, minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2', perMessageDeflate: false };

describe('TLS listener', () => {
  const dir = mkdtempSync(join(tmpdir(), 'coordinator-tls-'));
  const first = makeCertificate('127.0.0.1', dir, 'first');
  const renewed = makeCertificate('127.0.0.1', dir, 'renewed');
  const unrelated = makeCertificate('127.0.0.1', dir, 'unrelated');
  /** The files the listener serves, renewed in place like certbot's or a mounted Secret's. */
  const served: CertificateFiles = { cert: join(dir, 'served.crt'), key: join(dir, 'served.key') };
  const clients: TestWsClient[] = [];
  let testApp: TestApp;
  let port: number;

  /** The certificate a new connection is shown. */
  const presented = (): Promise<string> =>
    new Promise((resolve, reject) => {
      const socket = tlsConnect({ host: '127.0.0.1', port, rejectUnauthorized: false }, () => {
        resolve(socket.getPeerCertificate().fingerprint256);
        socket.end();
      });
      socket.on('error', reject);
    });

  const dllClient = async (): Promise<TestWsClient> => {
    const ws = new WebSocket(`wss://127.0.0.1:${port}/api/v1/signaling/ws`, DLL_TLS as WebSocket.ClientOptions);
    const client = new TestWsClient(ws);
    clients.push(client);
    await client.opened;
    return client;
  };

  const socketOf = (client: TestWsClient): TLSSocket => (client.ws as unknown as { _socket: TLSSocket })._socket;

  beforeAll(async () => {
    install(first, served);
    testApp = await createTestApp({
      TLS_CERT_FILE: served.cert,
      TLS_KEY_FILE: served.key,
      TLS_PORT: '0',
      TLS_RELOAD_INTERVAL_SECONDS: '1',
      P2P_ENABLED_ZONES: 'prontera',
    });
    port = (await testApp.app.get(TlsListener).start())!;
  });

  afterEach(async () => {
    jest.restoreAllMocks();
    await Promise.all(clients.splice(0).map((client) => client.close()));
  });

  afterAll(async () => {
    await testApp.close();
    rmSync(dir, { recursive: true, force: true });
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
    const client = await dllClient();
    expect(socketOf(client).getProtocol()).toBe('TLSv1.2');
    client.send({ type: 'create_session', peer_id: '150001', zone: 'prontera', capabilities: { webrtc: true } });
    expect(await client.next('session_created')).toMatchObject({ type: 'session_created' });
  });

  it('should present a renewed certificate to new connections while open ones stay up', async () => {
    const old = await dllClient();
    old.send({ type: 'create_session', peer_id: '150002', zone: 'prontera', capabilities: { webrtc: true } });
    await old.next('session_created');
    expect(await presented()).toBe(fingerprint(first.cert));

    install(renewed, served);
    await eventually(async () => expect(await presented()).toBe(fingerprint(renewed.cert)), 10_000, 200);

    // The connection opened before the renewal is still the same one, on the old certificate.
    old.send({ type: 'ping' });
    expect((await old.next('pong')).type).toBe('pong');
    expect(old.ws.readyState).toBe(WebSocket.OPEN);
    expect(socketOf(old).getPeerCertificate().fingerprint256).toBe(fingerprint(first.cert));

    const fresh = await dllClient();
    expect(socketOf(fresh).getProtocol()).toBe('TLSv1.2');
    expect(socketOf(fresh).getPeerCertificate().fingerprint256).toBe(fingerprint(renewed.cert));
    const notAfter = Date.parse(new X509Certificate(readFileSync(renewed.cert)).validTo) / 1000;
    expect(sample(await scrape(testApp.url), 'p2p_tls_certificate_expiry_seconds')).toBe(notAfter);
  });

  it('should refuse a bad pair with a log line and a metric, and keep serving the previous one', async () => {
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const refused = async (): Promise<number> =>
      sample(await scrape(testApp.url), 'p2p_tls_reloads_total', { result: 'error' }) ?? 0;
    const before = await refused();
    // A certificate without its key: the served key belongs to the renewed certificate.
    copyFileSync(unrelated.cert, served.cert);

    await eventually(async () => expect(await refused()).toBe(before + 1), 10_000, 200);
    const lines = logged.mock.calls.map(([message]) => String(message)).filter((m) => m.includes('TLS certificate'));
    expect(lines).toEqual([expect.stringContaining('the private key does not belong to the certificate')]);
    expect(await presented()).toBe(fingerprint(renewed.cert));
    const client = await dllClient();
    client.send({ type: 'ping' });
    expect((await client.next('pong')).type).toBe('pong');
  });
});
