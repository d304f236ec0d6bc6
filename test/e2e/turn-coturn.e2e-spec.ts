import { ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mintTurnCredentials } from '../../src/protocol/turn-credentials';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { getJson } from '../utils/rest';

/**
 * The credentials the coordinator mints are checked by a real coturn (`use-auth-secret`) on
 * loopback: a relay allocation with them succeeds, expired or forged ones are refused. coturn runs
 * with the deployment's own options and start script (deploy/k8s/coturn/, also mounted by
 * docker-compose.yml), only moved to loopback and free ports.
 * coturn is installed by .ci/run; a missing turnserver fails this test.
 */
const SECRET = 'coturn-shared-secret-for-tests';
const COTURN_DIR = join(__dirname, '..', '..', 'deploy', 'k8s', 'coturn');
/** Deployment options this test replaces: it listens on loopback and on ports of its own. */
const REPLACED = new Set(['listening-port', 'min-port', 'max-port', 'pidfile']);

/** The deployment's turnserver.conf without comments and the options the test replaces. */
function deployedOptions(): string[] {
  return readFileSync(join(COTURN_DIR, 'turnserver.conf'), 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .filter((line) => !REPLACED.has(line.split('=')[0]));
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function allocate(port: number, username: string, credential: string): Promise<number> {
  return new Promise((resolve) => {
    execFile(
      'turnutils_uclient',
      ['-y', '-n', '1', '-m', '1', '-l', '100', '-u', username, '-w', credential, '-p', String(port), '127.0.0.1'],
      { timeout: 20000 },
      (error) => resolve(error ? ((error as { code?: number }).code ?? 1) : 0),
    );
  });
}

describe('TURN credentials against coturn', () => {
  let turn: ChildProcess;
  let port: number;
  let testApp: TestApp;

  beforeAll(async () => {
    port = await freePort();
    const relayStart = 40000 + (port % 20000);
    const dir = mkdtempSync(join(tmpdir(), 'coturn-'));
    const config = join(dir, 'turnserver.conf');
    writeFileSync(
      config,
      [
        ...deployedOptions(),
        'listening-ip=127.0.0.1',
        'relay-ip=127.0.0.1',
        `listening-port=${port}`,
        `min-port=${relayStart}`,
        `max-port=${relayStart + 40}`,
        // The relay peer here is the other end of turnutils_uclient, on loopback.
        'allow-loopback-peers',
        `pidfile=${join(dir, 'turnserver.pid')}`,
      ].join('\n'),
    );
    // The start script appends static-auth-secret from TURN_SECRET, as in the deployment.
    turn = spawn('sh', [join(COTURN_DIR, 'coturn-start.sh')], {
      stdio: 'ignore',
      env: { ...process.env, TURN_SECRET: SECRET, TURN_CONFIG: config, TMPDIR: dir },
    });
    await new Promise<void>((resolve, reject) => {
      turn.once('error', (error) =>
        reject(new Error(`turnserver could not start (is coturn installed?): ${error.message}`)),
      );
      setTimeout(resolve, 1500);
    });
    testApp = await createTestApp({
      TURN_SERVERS: `turn:127.0.0.1:${port}`,
      TURN_SECRET: SECRET,
      TURN_CREDENTIAL_TTL_SECONDS: '600',
    });
  });

  afterAll(async () => {
    turn?.kill('SIGTERM');
    await testApp?.close();
  });

  it('should allocate a relay with credentials from the API', async () => {
    const response = await getJson(testApp.url, '/api/v1/ice-servers?peer_id=150001');
    const turnEntry = response.body.ice_servers.find((server: { urls: string[] }) =>
      server.urls[0].startsWith('turn:'),
    );
    expect(await allocate(port, turnEntry.username, turnEntry.credential)).toBe(0);
  });

  it('should be refused by coturn when the credentials have expired', async () => {
    const expired = mintTurnCredentials(SECRET, '150001', 60, Math.floor(Date.now() / 1000) - 3600);
    expect(await allocate(port, expired.username, expired.credential)).not.toBe(0);
  });

  it('should be refused by coturn when the credential is forged', async () => {
    const forged = mintTurnCredentials('another-secret', '150001', 600, Math.floor(Date.now() / 1000));
    expect(await allocate(port, forged.username, forged.credential)).not.toBe(0);
  });
});
