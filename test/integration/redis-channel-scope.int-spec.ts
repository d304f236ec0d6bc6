import { Test, TestingModule } from '@nestjs/testing';
import { loadConfig } from '../../src/config/app-config';
import { ConfigModule } from '../../src/config/config.module';
import { InboxMessage, NodeInbox } from '../../src/state/node-inbox.store';
import { StateHealth } from '../../src/state/state-health';
import { StateModule } from '../../src/state/state.module';
import { collect, sleep, waitFor } from './state-contract.support';

/**
 * Two deployments (say staging and production) on one Redis server, told apart only by the database
 * number, as operators run them. Both use the same key prefix: pub/sub ignores database numbers, so
 * only the channel scope keeps them apart. Redis must be running (no skipping).
 */
const STAGING_URL = process.env.CHANNEL_TEST_REDIS_URL_A ?? 'redis://127.0.0.1:6379/5';
const PRODUCTION_URL = process.env.CHANNEL_TEST_REDIS_URL_B ?? 'redis://127.0.0.1:6379/6';
/** Shared by both deployments, and by nothing else on the server. */
const KEY_PREFIX = 'channel-scope-test:';

interface Node {
  inbox: NodeInbox;
  messages: InboxMessage[];
}

describe('Redis channel scope: deployments sharing one Redis server', () => {
  const apps: TestingModule[] = [];

  /** One node as the application builds it, listening on its inbox under `nodeId`. */
  async function node(url: string, nodeId: string, extra: Record<string, string> = {}): Promise<Node> {
    const config = loadConfig({ REDIS_URL: url, REDIS_KEY_PREFIX: KEY_PREFIX, ...extra });
    const app = await Test.createTestingModule({
      imports: [ConfigModule.forRoot(config), StateModule.forRoot(config)],
    }).compile();
    apps.push(app);
    // Fails (rather than skips) when Redis is unreachable.
    expect(await app.get(StateHealth).ping()).toBe('up');
    const inbox = app.get(NodeInbox);
    const { messages, handler } = collect();
    await inbox.subscribe(nodeId, handler);
    return { inbox, messages };
  }

  afterEach(async () => {
    await Promise.all(apps.splice(0).map((app) => app.close()));
  });

  it('a broadcast reaches every node of its own deployment and none of the other', async () => {
    const staging1 = await node(STAGING_URL, 'node-1');
    const staging2 = await node(STAGING_URL, 'node-2');
    const production1 = await node(PRODUCTION_URL, 'node-1');

    expect(await staging1.inbox.broadcast({ kind: 'session-closed', sessionId: 's1' })).toBe(2);
    await waitFor(() => staging1.messages.length === 1 && staging2.messages.length === 1);
    expect(staging2.messages).toEqual([{ kind: 'session-closed', sessionId: 's1' }]);

    expect(await production1.inbox.broadcast({ kind: 'session-closed', sessionId: 's2' })).toBe(1);
    await waitFor(() => production1.messages.length === 1);
    // Anything that leaked across would have arrived by now, after the deployment's own messages.
    await sleep(100);
    expect(staging1.messages.map((m) => m.sessionId)).toEqual(['s1']);
    expect(staging2.messages.map((m) => m.sessionId)).toEqual(['s1']);
    expect(production1.messages.map((m) => m.sessionId)).toEqual(['s2']);
  });

  it('a message to a node id used in both deployments reaches only its own deployment', async () => {
    const staging1 = await node(STAGING_URL, 'node-1');
    const staging2 = await node(STAGING_URL, 'node-2');
    const production1 = await node(PRODUCTION_URL, 'node-1');

    expect(await staging2.inbox.publish('node-1', { kind: 'kick', n: 1 })).toBe(1);
    await waitFor(() => staging1.messages.length === 1);
    expect(await production1.inbox.publish('node-2', { kind: 'kick', n: 2 })).toBe(0);
    await sleep(100);
    expect(staging1.messages).toEqual([{ kind: 'kick', n: 1 }]);
    expect(staging2.messages).toEqual([]);
    expect(production1.messages).toEqual([]);
  });

  it('a deployment name given explicitly joins nodes on different databases into one deployment', async () => {
    const scope = { REDIS_CHANNEL_SCOPE: 'channel-scope-test-shared' };
    const a = await node(STAGING_URL, 'node-a', scope);
    const b = await node(PRODUCTION_URL, 'node-b', scope);
    const unnamed = await node(STAGING_URL, 'node-c');

    expect(await a.inbox.broadcast({ kind: 'hello' })).toBe(2);
    await waitFor(() => a.messages.length === 1 && b.messages.length === 1);
    expect(await a.inbox.publish('node-b', { kind: 'direct' })).toBe(1);
    await waitFor(() => b.messages.length === 2);
    await sleep(100);
    expect(unnamed.messages).toEqual([]);
  });
});
