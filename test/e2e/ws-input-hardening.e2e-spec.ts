import { freePort, NodeProcess } from '../utils/node-process';
import { sample, scrape } from '../utils/prometheus';
import { eventually, getJson } from '../utils/rest';
import { TestWsClient } from '../utils/ws-client';

/**
 * One WebSocket message used to end a node: a body nested 8,000 levels deep overflowed the stack
 * in the signal's JSON.stringify, inside the socket's message listener, before identification too.
 * The real coordinator runs here as its own process, so a crash is an exit, not a failed assertion.
 */
const DEPTH = 8_000;
const ABUSE_LIMIT = 10;
const arrays = `${'['.repeat(DEPTH)}${']'.repeat(DEPTH)}`;
const objects = `${'{"a":'.repeat(DEPTH)}1${'}'.repeat(DEPTH)}`;

/** The attack in every field that carries a body, of every signal type in both spellings. */
const ATTACKS: [string, string][] = [
  ['offer with sdp as arrays', `{"type":"offer","to":"x","sdp":${arrays}}`],
  ['offer with sdp as objects', `{"type":"offer","to":"x","sdp":${objects}}`],
  ['answer with sdp as arrays', `{"type":"answer","to":"x","sdp":${arrays}}`],
  ['answer with answer as objects', `{"type":"answer","to":"x","answer":${objects}}`],
  ['ice-candidate with candidate as arrays', `{"type":"ice-candidate","to":"x","candidate":${arrays}}`],
  ['ice-candidate with candidate as objects', `{"type":"ice-candidate","to":"x","candidate":${objects}}`],
  ['ice_candidate with candidate as arrays', `{"type":"ice_candidate","to":"x","candidate":${arrays}}`],
  ['ice_candidate with candidate as objects', `{"type":"ice_candidate","to":"x","candidate":${objects}}`],
];

describe('Over-deep WebSocket messages against a running node', () => {
  let node: NodeProcess;
  let url: string;
  let wsUrl: string;
  let exited = false;
  let sessionId: string;
  /** Two bystanders in the attackers' session: B keeps offering to C. */
  let b: TestWsClient;
  let c: TestWsClient;
  const clients: TestWsClient[] = [];

  const connect = async (query = ''): Promise<TestWsClient> => {
    const client = await TestWsClient.connect(wsUrl, query);
    clients.push(client);
    return client;
  };

  const createSession = async (peerId: string): Promise<TestWsClient> => {
    const client = await connect();
    client.send({ type: 'create_session', peer_id: peerId, zone: 'prontera', capabilities: { webrtc: true } });
    const created = await client.next('session_created');
    sessionId ??= created.session_id as string;
    expect(created.session_id).toBe(sessionId);
    return client;
  };

  /** Sends every attack and expects each answered with INVALID_MESSAGE on a socket that stays open. */
  async function attack(attacker: TestWsClient): Promise<void> {
    for (const [label, text] of ATTACKS) {
      expect(text.length).toBeLessThan(64 * 1024);
      attacker.send(text);
      const answer = await attacker.next('error').catch((error: Error) => {
        throw new Error(`${label}: no answer (${error.message}); node exited: ${exited}`);
      });
      expect({ label, code: answer.code, message: answer.message }).toEqual({
        label,
        code: 'INVALID_MESSAGE',
        message: 'Message nests more than 32 levels deep',
      });
    }
    expect(attacker.ws.readyState).toBe(attacker.ws.OPEN);
  }

  /** The node lives on: still running, healthy, and relaying from B to C. */
  async function expectServing(): Promise<void> {
    expect(exited).toBe(false);
    expect((await getJson(url, '/health')).status).toBe(200);
    b.send({ type: 'offer', to: 'hardening-c', sdp: 'v=0 still relaying' });
    expect(await c.next('offer')).toMatchObject({ from: 'hardening-b', sdp: 'v=0 still relaying' });
  }

  beforeAll(async () => {
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    wsUrl = `ws://127.0.0.1:${port}`;
    // Embedded defaults: no DATABASE_URL or REDIS_URL, the database in memory.
    node = new NodeProcess({
      ENVIRONMENT: 'test',
      HOST: '127.0.0.1',
      PORT: String(port),
      PROMETHEUS_PORT: '0',
      EMBEDDED_DATA_DIR: 'memory://',
      P2P_ENABLED_ZONES: 'prontera',
      LOG_FORMAT: 'json',
      LOG_LEVEL: 'warn',
      RATE_LIMIT_ENABLED: 'false',
      WS_ABUSE_LIMIT: String(ABUSE_LIMIT),
    });
    void node.exited.then(() => (exited = true));
    await eventually(async () => expect((await getJson(url, '/health/ready')).status).toBe(200), 60_000, 250);
    b = await createSession('hardening-b');
    c = await createSession('hardening-c');
  }, 90_000);

  afterAll(async () => {
    await Promise.all(clients.splice(0).map((client) => client.close()));
    await node.stop();
  });

  it('should answer INVALID_MESSAGE to every attack before identification and go on serving', async () => {
    const attacker = await connect();
    await attack(attacker);
    await expectServing();
  });

  it('should answer INVALID_MESSAGE to every attack after create_session (DLL dialect) and go on serving', async () => {
    const attacker = await createSession('hardening-dll');
    await attack(attacker);
    await expectServing();
  });

  it('should answer INVALID_MESSAGE to every attack after join (reference dialect) and go on serving', async () => {
    const attacker = await connect('?peer_id=hardening-ref');
    attacker.send({ type: 'join', session_id: sessionId });
    expect(await attacker.next('session-joined')).toMatchObject({ session_id: sessionId });
    await attack(attacker);
    await expectServing();
  });

  it('should close a peer that keeps sending them with 1008, and nothing else', async () => {
    const attacker = await connect();
    for (let i = 0; i <= ABUSE_LIMIT; i += 1) {
      attacker.send(ATTACKS[i % ATTACKS.length][1]);
    }
    expect((await attacker.closed).code).toBe(1008);
    await expectServing();
  });

  it('should close sockets that break the protocol (invalid UTF-8, oversized) without an error line per socket', async () => {
    for (let i = 0; i < 5; i += 1) {
      const broken = await connect();
      // A text frame whose payload is not UTF-8: ws closes it with 1007.
      broken.ws.send(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), { binary: false });
      expect((await broken.closed).code).toBe(1007);
    }
    const oversized = await connect();
    oversized.send(`{"type":"offer","to":"x","sdp":"${'a'.repeat(1024 * 1024)}"}`);
    expect((await oversized.closed).code).toBe(1009);
    await expectServing();
    // Any client can do this, so it must not write an error with a stack each time.
    expect(node.text).not.toMatch(/WS_ERR_INVALID_UTF8|WS_ERR_UNSUPPORTED_MESSAGE_LENGTH|Invalid WebSocket frame/);
  });

  it('should have counted the refusals and no handler failure, and logged no stack overflow', async () => {
    const metrics = await scrape(url);
    expect(
      sample(metrics, 'p2p_signaling_messages_rejected_total', { reason: 'invalid_message' }),
    ).toBeGreaterThanOrEqual(3 * ATTACKS.length + ABUSE_LIMIT);
    for (const stage of ['message', 'frame', 'connect', 'disconnect', 'queue']) {
      expect(sample(metrics, 'p2p_ws_handler_failures_total', { stage })).toBe(0);
    }
    expect(node.text).not.toMatch(/RangeError|Maximum call stack/);
    expect(exited).toBe(false);
  });
});
