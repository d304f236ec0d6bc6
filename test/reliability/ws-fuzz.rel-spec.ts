import fc from 'fast-check';
import { encodeFrame } from '../../src/protocol/frame-codec';
import { PacketType } from '../../src/protocol/frame';
import { createTestApp, TestApp } from '../utils/create-test-app';
import { getJson } from '../utils/rest';
import { FuzzSocket, metricSum } from './support/fuzz-socket';
import { MeshPeer } from './support/mesh-peer';
import { FULL } from './support/rel-env';
import { badUtf8Message, Context, Plan, planArb, render } from './support/ws-message-fuzz';

/**
 * Bad input at volume over real WebSockets: random and mutated P2P2 frames, malformed JSON, and
 * valid messages of every type with hostile fields (support/ws-message-fuzz.ts). Every input must
 * be answered (an `error`, or a pong/reply for the rare mutation that happens to be valid) or
 * counted; the node must not crash and its memory must stay flat. The node runs in this process, so
 * a stack overflow in a handler ends the run: that is the crash signal. Seeded, so a failure
 * replays. Full counts with RELIABILITY_FULL=1.
 */
const FRAMES = FULL ? 1_000_000 : 100_000;
const MESSAGES = FULL ? 100_000 : 20_000;
const CONNECTIONS = 4;
const BATCH = 1_000;
const SEED = 20261124;
/** Structure-aware messages per socket kind: identified (2 DLL, 2 reference) and not yet identified (4). */
const STRUCTURED = FULL ? 100_000 : 6_000;
const UNIDENTIFIED = FULL ? 20_000 : 1_600;
const STRUCTURED_BATCH = 200;
const BAD_UTF8_SOCKETS = FULL ? 200 : 16;
/** Rejections at parse time: with the received messages, each text message is counted exactly once. */
const PARSE_REASONS = /reason="(invalid_json|invalid_message|unknown_type|rate_exceeded)"/;

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
  fc.constantFrom(
    'null',
    '[]',
    '"x"',
    '42',
    '{}',
    '{"type":1}',
    '{"type":"offer"}',
    '{"type":"offer","to":5}',
    '{"type":"nope"}',
  ),
  fc
    .record({
      type: fc.constantFrom('offer', 'answer', 'ice-candidate', 'join', 'leave', 'create_session'),
      to: fc.anything(),
      sdp: fc.anything(),
    })
    .map((m) => JSON.stringify(m)),
  fc.string({ maxLength: 40 }).map((s) => `{"type":"offer","to":"${s}`),
);

async function metric(url: string, name: string): Promise<number> {
  const text = await fetch(`${url}/metrics`).then((r) => r.text());
  return text
    .split('\n')
    .filter((line) => line.startsWith(name))
    .reduce((sum, line) => sum + Number(line.split(' ').pop()), 0);
}

/**
 * Crashes (unhandled rejections) and retained heap from now until `end()`. Collects first, so the
 * comparison is retained memory rather than garbage left by earlier suites.
 */
function watchProcess(): { end: () => Promise<{ crashes: unknown[]; heapGrowth: number }> } {
  const crashes: unknown[] = [];
  const onRejection = (reason: unknown): number => crashes.push(reason);
  process.on('unhandledRejection', onRejection);
  const collect = (globalThis as { gc?: () => void }).gc;
  collect?.();
  const heapBefore = process.memoryUsage().heapUsed;
  return {
    async end() {
      await new Promise((resolve) => setTimeout(resolve, 500));
      collect?.();
      process.removeListener('unhandledRejection', onRejection);
      return { crashes, heapGrowth: process.memoryUsage().heapUsed - heapBefore };
    },
  };
}

describe('Fuzzing the signaling socket', () => {
  let node: TestApp;

  beforeAll(async () => {
    // Messages up to 8 MiB, so a few 1 MB strings or 100,000-entry objects in one message reach the
    // parser instead of a 1009; unidentified sockets kept until the test closes them. The abuse
    // window is the shortest allowed: a socket rejects more than 100,000 inputs in 10 s on a fast
    // machine (the full run's frames), and a 1008 there would end that socket's share of the run.
    node = await createTestApp({
      P2P_ENABLED_ZONES: 'prontera',
      WS_ABUSE_LIMIT: '100000',
      WS_ABUSE_WINDOW_MS: '100',
      WS_MESSAGES_PER_SECOND: '1000000',
      WS_MESSAGE_BURST: '1000000',
      WS_BYTES_PER_SECOND: '1073741824',
      WS_BYTES_BURST: '1073741824',
      WS_MAX_MESSAGE_BYTES: '8388608',
      WS_IDENTIFY_GRACE_MS: '600000',
    });
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

  it(
    `answers or counts ${FRAMES} frames and ${MESSAGES} malformed messages, with flat memory`,
    async () => {
      const watch = watchProcess();
      const acceptedBefore = await metric(node.url, 'p2p_frames_accepted_total');
      // Dropped once sent, so the heap comparison measures what the node kept, not the inputs.
      let frames: Buffer[] | undefined = fc.sample(frameArb, { seed: SEED, numRuns: FRAMES });
      let messages: string[] | undefined = fc.sample(jsonArb, { seed: SEED, numRuns: MESSAGES });
      const started = Date.now();
      const perConnection = (items: (Buffer | string)[], n: number): (Buffer | string)[][] =>
        Array.from({ length: n }, (_, k) => items.filter((_, i) => i % n === k));
      const frameReplies = await Promise.all(
        perConnection(frames, CONNECTIONS).map((chunk, k) => blast(`fuzz-f${k}`, chunk)),
      );
      frames = undefined;
      const messageReplies = await Promise.all(
        perConnection(messages, CONNECTIONS).map((chunk, k) => blast(`fuzz-j${k}`, chunk)),
      );
      messages = undefined;
      const accepted = (await metric(node.url, 'p2p_frames_accepted_total')) - acceptedBefore;
      const answeredFrames = frameReplies.reduce((a, b) => a + b, 0);
      const answeredMessages = messageReplies.reduce((a, b) => a + b, 0);
      expect(answeredFrames + accepted).toBeGreaterThanOrEqual(FRAMES);
      expect(answeredMessages).toBeGreaterThanOrEqual(MESSAGES);
      expect((await getJson(node.url, '/health')).status).toBe(200);
      const { crashes, heapGrowth } = await watch.end();
      expect(crashes).toEqual([]);
      expect(heapGrowth).toBeLessThan(FULL ? 100e6 : 50e6);
      process.stdout.write(
        `[reliability] fuzz: ${FRAMES} frames (${answeredFrames} errors, ${accepted} accepted) and ${MESSAGES} messages (${answeredMessages} replies) ` +
          `in ${Date.now() - started} ms; heap +${Math.round(heapGrowth / 1e6)} MB (test process and node share it)\n`,
      );
    },
    FULL ? 900_000 : 120_000,
  );

  interface Sent {
    text: number;
    binary: number;
    overLimit: number;
    silent: number;
    markers: number;
    bytes: number;
  }

  /** Sends `count` generated messages in batches, rendered only when sent; a ping after each batch marks where answers caught up. */
  async function blastPlans(
    socket: FuzzSocket,
    ctx: Context,
    mayIdentify: boolean,
    count: number,
    seed: number,
  ): Promise<Sent> {
    const sent: Sent = { text: 0, binary: 0, overLimit: 0, silent: 0, markers: 0, bytes: 0 };
    let pongs = 0;
    for (let batch = 0; batch * STRUCTURED_BATCH < count; batch += 1) {
      const plans: Plan[] = fc.sample(planArb(mayIdentify), {
        seed: seed + batch,
        numRuns: Math.min(STRUCTURED_BATCH, count - batch * STRUCTURED_BATCH),
      });
      for (const plan of plans) {
        const message = render(plan, ctx);
        sent.bytes += message.text.length;
        if (plan.binary) {
          socket.ws.send(Buffer.from(message.text), { binary: true });
          sent.binary += 1;
          continue;
        }
        socket.ws.send(message.text);
        sent.text += 1;
        sent.overLimit += message.overLimit ? 1 : 0;
        sent.silent += message.silent ? 1 : 0;
        pongs += message.pong ? 1 : 0;
      }
      socket.ws.send('{"type":"ping"}');
      sent.markers += 1;
      pongs += 1;
      await socket.untilPongs(pongs, 60_000);
    }
    return sent;
  }

  /** Two DLL sockets placed by create_session and two reference sockets joined by session id. */
  async function identifiedSockets(): Promise<{ socket: FuzzSocket; ctx: Context }[]> {
    const dll = await Promise.all(
      ['fuzz-s-dll0', 'fuzz-s-dll1'].map(async (peerId) => {
        const socket = await FuzzSocket.open(node.wsUrl);
        const created = await socket.request(
          { type: 'create_session', peer_id: peerId, zone: 'prontera', capabilities: { webrtc: true } },
          ['session_created', 'error'],
        );
        expect(created.type).toBe('session_created');
        return { socket, ctx: { peerId, sessionId: created.session_id as string } };
      }),
    );
    const sessionId = dll[0].ctx.sessionId;
    const reference = await Promise.all(
      ['fuzz-s-ref0', 'fuzz-s-ref1'].map(async (peerId) => {
        const socket = await FuzzSocket.open(node.wsUrl, `?peer_id=${peerId}`);
        expect((await socket.request({ type: 'join', session_id: sessionId }, ['session-joined', 'error'])).type).toBe(
          'session-joined',
        );
        return { socket, ctx: { peerId, sessionId } };
      }),
    );
    return [...dll, ...reference];
  }

  /** Invalid UTF-8 in a text frame: ws closes that socket with 1007, before and after identification alike. */
  async function badUtf8Closes(): Promise<number[]> {
    const codes: number[] = [];
    for (let i = 0; i < BAD_UTF8_SOCKETS; i += 4) {
      codes.push(
        ...(await Promise.all(
          [0, 1, 2, 3].map(async (k) => {
            const socket = await FuzzSocket.open(node.wsUrl, k % 2 === 0 ? '' : `?peer_id=fuzz-u8-${i + k}`);
            socket.ws.send(badUtf8Message(i + k), { binary: false });
            return socket.closed;
          }),
        )),
      );
    }
    return codes;
  }

  it(
    `answers or counts ${STRUCTURED + UNIDENTIFIED} structure-aware messages of both dialects, before and after identification, with flat memory`,
    async () => {
      const watch = watchProcess();
      const started = Date.now();

      const identified = await identifiedSockets();
      const anonymous = await Promise.all([0, 1, 2, 3].map(() => FuzzSocket.open(node.wsUrl)));
      const peersBefore = (await getJson(node.url, '/api/v1/signaling/stats')).body.identified_peers as number;
      const metricsBefore = await fetch(`${node.url}/metrics`).then((r) => r.text());
      const sent = await Promise.all([
        ...identified.map(({ socket, ctx }, k) =>
          blastPlans(socket, ctx, true, STRUCTURED / identified.length, SEED + 1_000_003 * (k + 1)),
        ),
        ...anonymous.map((socket, k) =>
          blastPlans(
            socket,
            { peerId: 'never-sent', sessionId: identified[0].ctx.sessionId },
            false,
            UNIDENTIFIED / anonymous.length,
            SEED + 7_000_001 * (k + 1),
          ),
        ),
      ]);
      const metricsAfter = await fetch(`${node.url}/metrics`).then((r) => r.text());
      const peersAfter = (await getJson(node.url, '/api/v1/signaling/stats')).body.identified_peers as number;
      const sockets = [...identified.map(({ socket }) => socket), ...anonymous];
      const utf8Codes = await badUtf8Closes();

      const total = (key: keyof Sent): number => sent.reduce((sum, s) => sum + s[key], 0);
      const sum = <T>(items: T[], of: (item: T) => number): number => items.reduce((acc, item) => acc + of(item), 0);
      const answered = sum(sockets, (s) => s.answers) - total('markers');
      const delta = (name: string, where?: (labels: string) => boolean): number =>
        metricSum(metricsAfter, name, where) - metricSum(metricsBefore, name, where);
      const counted =
        delta('p2p_signaling_messages_received_total') +
        delta('p2p_signaling_messages_rejected_total', (labels) => PARSE_REASONS.test(labels));
      const handlerFailures = metricSum(
        await fetch(`${node.url}/metrics`).then((r) => r.text()),
        'p2p_ws_handler_failures_total',
      );
      const internal = sum(sockets, (s) => s.errorCodes.get('INTERNAL') ?? 0);

      // Every message answered (a valid position may be accepted silently), and counted exactly once.
      expect(answered + total('silent')).toBeGreaterThanOrEqual(total('text') + total('binary'));
      expect(counted).toBe(total('text') + total('markers'));
      // Exactly the messages past the shape limits were refused for their shape.
      expect(sum(sockets, (s) => s.shapeRefusals)).toBe(total('overLimit'));
      expect(sockets.every((s) => s.open)).toBe(true);
      // The sockets that never identified did not identify on the way.
      expect(peersAfter).toBe(peersBefore);
      expect(utf8Codes).toEqual(new Array<number>(BAD_UTF8_SOCKETS).fill(1007));
      expect({ handlerFailures, internal }).toEqual({ handlerFailures: 0, internal: 0 });
      expect((await getJson(node.url, '/health')).status).toBe(200);
      sockets.forEach((socket) => socket.close());
      const { crashes, heapGrowth } = await watch.end();
      expect(crashes).toEqual([]);
      expect(heapGrowth).toBeLessThan(FULL ? 100e6 : 50e6);
      process.stdout.write(
        `[reliability] fuzz (structured): ${total('text') + total('binary')} messages (${STRUCTURED} identified, ${UNIDENTIFIED} before identification; ` +
          `${total('overLimit')} past the shape limits, all refused; ${total('binary')} binary, all refused; ${answered} answered, ${total('silent')} positions that may be silent), ` +
          `${Math.round(total('bytes') / 1e6)} MB; ${BAD_UTF8_SOCKETS} invalid-UTF-8 sockets closed 1007; ${handlerFailures} handler failures; in ${Date.now() - started} ms; heap +${Math.round(heapGrowth / 1e6)} MB\n`,
      );
    },
    FULL ? 900_000 : 120_000,
  );
});
