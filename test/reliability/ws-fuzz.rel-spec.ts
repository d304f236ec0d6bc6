import fc from 'fast-check';
import { encodeFrame } from '../../src/protocol/frame-codec';
import { PacketType } from '../../src/protocol/frame';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { getJson } from '../utils/rest';
import { MeshPeer } from './support/mesh-peer';
import { FULL } from './support/rel-env';

/**
 * Bad input at volume over real WebSockets: random and mutated P2P2 frames, and malformed JSON.
 * Every input must be answered (an `error`, or a pong/reply for the rare mutation that happens to
 * be valid) or counted as an accepted frame; the node must not crash and its memory must stay flat.
 * Seeded, so a failure replays. Full counts with RELIABILITY_FULL=1.
 */
const FRAMES = FULL ? 1_000_000 : 100_000;
const MESSAGES = FULL ? 100_000 : 20_000;
const CONNECTIONS = 4;
const BATCH = 1_000;
const SEED = 20261124;

const validFrame = encodeFrame({ type: PacketType.VISUAL_EFFECT, flags: 0, payload: Buffer.from('fx') });
const frameArb = fc.oneof(
  fc.uint8Array({ minLength: 0, maxLength: 96 }).map((bytes) => Buffer.from(bytes)),
  fc.tuple(fc.nat(validFrame.length - 1), fc.integer({ min: 0, max: 255 })).map(([index, byte]) => {
    const copy = Buffer.from(validFrame);
    copy[index] = byte;
    return copy;
  }),
  fc.nat(validFrame.length).map((length) => validFrame.subarray(0, length)),
);
const jsonArb = fc.oneof(
  fc.string({ maxLength: 64 }).map((s) => `{${s}`),
  fc.constantFrom('null', '[]', '"x"', '42', '{}', '{"type":1}', '{"type":"offer"}', '{"type":"offer","to":5}', '{"type":"nope"}'),
  fc.record({ type: fc.constantFrom('offer', 'answer', 'ice-candidate', 'join', 'leave', 'create_session'), to: fc.anything(), sdp: fc.anything() }).map((m) => JSON.stringify(m)),
  fc.string({ maxLength: 40 }).map((s) => `{"type":"offer","to":"${s}`),
);

async function metric(url: string, name: string): Promise<number> {
  const text = await fetch(`${url}/metrics`).then((r) => r.text());
  return text.split('\n').filter((line) => line.startsWith(name)).reduce((sum, line) => sum + Number(line.split(' ').pop()), 0);
}

describe('Fuzzing the signaling socket', () => {
  let node: TestApp;

  beforeAll(async () => {
    node = await createTestApp({ P2P_ENABLED_ZONES: 'prontera', WS_ABUSE_LIMIT: '100000', WS_MESSAGES_PER_SECOND: '1000000', WS_MESSAGE_BURST: '1000000', WS_BYTES_PER_SECOND: '1073741824', WS_BYTES_BURST: '1073741824' });
  });
  afterAll(() => node.close());

  /** Sends `inputs` in batches on a joined connection; a ping after each batch marks where replies caught up. */
  async function blast(id: string, inputs: (Buffer | string)[]): Promise<number> {
    const peer = await MeshPeer.open(node.wsUrl, id);
    await peer.createSession('prontera');
    let replies = 0;
    peer.ws.on('message', (_data, isBinary) => (replies += isBinary ? 0 : 1));
    for (let i = 0; i < inputs.length; i += BATCH) {
      for (const input of inputs.slice(i, i + BATCH)) {
        peer.ws.send(input);
      }
      peer.send({ type: 'ping' });
      await peer.next((m) => m.type === 'pong', 30_000);
      replies -= 1;
    }
    expect(peer.open).toBe(true);
    peer.close();
    return replies;
  }

  it(`answers or counts ${FRAMES} frames and ${MESSAGES} malformed messages, with flat memory`, async () => {
    const crashes: unknown[] = [];
    const onRejection = (reason: unknown): number => crashes.push(reason);
    process.on('unhandledRejection', onRejection);
    // Collect first, so the comparison is retained memory rather than garbage left by earlier suites.
    const collect = (globalThis as { gc?: () => void }).gc;
    collect?.();
    const memoryBefore = process.memoryUsage();
    const acceptedBefore = await metric(node.url, 'p2p_frames_accepted_total');
    // Dropped once sent, so the heap comparison measures what the node kept, not the inputs.
    let frames: Buffer[] | undefined = fc.sample(frameArb, { seed: SEED, numRuns: FRAMES });
    let messages: string[] | undefined = fc.sample(jsonArb, { seed: SEED, numRuns: MESSAGES });
    const started = Date.now();
    const perConnection = (items: (Buffer | string)[], n: number): (Buffer | string)[][] => Array.from({ length: n }, (_, k) => items.filter((_, i) => i % n === k));
    const frameReplies = await Promise.all(perConnection(frames, CONNECTIONS).map((chunk, k) => blast(`fuzz-f${k}`, chunk)));
    frames = undefined;
    const messageReplies = await Promise.all(perConnection(messages, CONNECTIONS).map((chunk, k) => blast(`fuzz-j${k}`, chunk)));
    messages = undefined;
    const accepted = (await metric(node.url, 'p2p_frames_accepted_total')) - acceptedBefore;
    const answeredFrames = frameReplies.reduce((a, b) => a + b, 0);
    const answeredMessages = messageReplies.reduce((a, b) => a + b, 0);
    expect(answeredFrames + accepted).toBeGreaterThanOrEqual(FRAMES);
    expect(answeredMessages).toBeGreaterThanOrEqual(MESSAGES);
    expect((await getJson(node.url, '/health')).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 500));
    collect?.();
    const heapGrowth = process.memoryUsage().heapUsed - memoryBefore.heapUsed;
    process.removeListener('unhandledRejection', onRejection);
    expect(crashes).toEqual([]);
    expect(heapGrowth).toBeLessThan(FULL ? 100e6 : 50e6);
    process.stdout.write(
      `[reliability] fuzz: ${FRAMES} frames (${answeredFrames} errors, ${accepted} accepted) and ${MESSAGES} messages (${answeredMessages} replies) ` +
        `in ${Date.now() - started} ms; heap +${Math.round(heapGrowth / 1e6)} MB (test process and node share it)\n`,
    );
  }, FULL ? 900_000 : 120_000);
});
