import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeHostBody, makeZoneBody } from '../utils/factories';
import { getJson, postJson } from '../utils/rest';
import { MeshPeer } from './support/mesh-peer';
import { NodeProcess } from './support/node-process';

/** Fault 5: the embedded single-node coordinator (no DATABASE_URL / REDIS_URL) restarts; its data persists. */
describe('Embedded-mode restart', () => {
  const dir = mkdtempSync(join(tmpdir(), 'p2p-rel-embedded-'));
  let node: NodeProcess;

  afterAll(async () => {
    await node?.stop('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps hosts, zones and sessions across a restart', async () => {
    const env = { DATABASE_URL: undefined, REDIS_URL: undefined, EMBEDDED_DATA_DIR: join(dir, 'data') };
    node = await NodeProcess.start(env);
    const zone = makeZoneBody();
    expect((await postJson(node.url, '/api/v1/zones', zone)).status).toBe(201);
    expect(
      (await postJson(node.url, '/api/v1/hosts/register', makeHostBody({ host_id: 'embedded-host' }))).status,
    ).toBe(201);
    const peer = await MeshPeer.open(node.wsUrl, 'embedded-peer');
    const created = await peer.createSession(zone.zone_id as string);
    expect(created.type).toBe('session_created');
    const before = {
      zone: (await getJson(node.url, `/api/v1/zones/${zone.zone_id as string}`)).body,
      host: (await getJson(node.url, '/api/v1/hosts/embedded-host')).body,
      session: (await getJson(node.url, `/api/v1/sessions/${created.session_id as string}`)).body,
    };
    expect(before.session.session_id).toBe(created.session_id);

    // SIGKILL: nothing gets a chance to flush on the way out.
    await node.stop('SIGKILL');
    await node.spawn();

    expect((await getJson(node.url, `/api/v1/zones/${zone.zone_id as string}`)).body.zone_id).toBe(before.zone.zone_id);
    expect((await getJson(node.url, '/api/v1/hosts/embedded-host')).body.host_id).toBe('embedded-host');
    const session = await getJson(node.url, `/api/v1/sessions/${created.session_id as string}`);
    expect(session.status).toBe(200);
    expect(session.body.session_id).toBe(created.session_id);
  }, 90_000);
});
