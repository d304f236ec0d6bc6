import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AddressInfo } from 'node:net';
import { AppModule } from '../../src/app.module';
import { configureApp, createFastifyAdapter } from '../../src/app.factory';
import { loadConfig } from '../../src/config/app-config';
import { CoordinatorClient } from '@ro-p2p/client';
import { enableSeededZones } from '../utils/create-test-app';
import { testEnv } from '../utils/test-env';

/** Same as createTestApp, but on a chosen port, so a "restarted node" answers at the same address. */
async function startNode(port: number): Promise<NestFastifyApplication> {
  const config = loadConfig(testEnv({ P2P_ENABLED_ZONES: 'prontera' }));
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), createFastifyAdapter(), {
    logger: ['error'],
    abortOnError: false,
  });
  configureApp(app, config);
  await app.listen(port, '127.0.0.1');
  await enableSeededZones(app, config);
  return app;
}

describe('Client SDK across a coordinator restart', () => {
  let node: NestFastifyApplication | undefined;
  let sdk: CoordinatorClient | undefined;

  afterAll(async () => {
    await sdk?.close();
    await node?.close();
  });

  it('should keep retrying while the node is down and rejoin when it is back on the same port', async () => {
    node = await startNode(0);
    const { port } = node.getHttpServer().address() as AddressInfo;
    sdk = new CoordinatorClient({
      url: `http://127.0.0.1:${port}`,
      peerId: 'restart-1',
      reconnect: { baseMs: 100, maxMs: 200, maxAttempts: 100 },
    });
    await sdk.connect();
    await sdk.join({ zone: 'prontera' });

    const closed = sdk.waitFor('closed');
    const rejoined = sdk.waitFor('session', 50_000, (info) => info.rejoined);
    await node.close(); // a stopping node closes its sockets with 1001
    expect((await closed)[0]).toMatchObject({ code: 1001, willReconnect: true });
    const failures: string[] = [];
    sdk.on('error', (error) => failures.push(error.code));

    node = await startNode(port);
    const [info] = await rejoined;
    expect(info).toMatchObject({ zone: 'prontera', rejoined: true });
    expect(sdk.connected).toBe(true);
    expect(failures.every((code) => code === 'CONNECTION_FAILED')).toBe(true);
    // An embedded node takes several seconds to start twice on a busy machine.
  }, 60_000);
});
