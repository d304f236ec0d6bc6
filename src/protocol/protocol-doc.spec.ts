import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildPong, decodeHeader, decodePosition } from './frame-codec';
import { validateClientFrame } from './frame-validator';
import { DecodedFrame, PacketType, PacketTypeName } from './frame';
import { buildRelayedFrame, decodeRelayedFrame } from './relay';

/**
 * Every ```hex block of docs/protocol.md must be preceded by an `<!-- expect: TYPE k=v ... -->`
 * comment, and must decode to exactly that: the examples are part of the spec.
 */
const DOC_KEY = Buffer.from('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f', 'hex');

interface Example {
  typeName: PacketTypeName;
  fields: Record<string, string>;
  bytes: Buffer;
}

function readExamples(): { examples: Example[]; hexBlocks: number } {
  const doc = readFileSync(join(__dirname, '..', '..', 'docs', 'protocol.md'), 'utf8');
  const pattern = /<!--\s*expect:\s*([A-Z_]+)([^>]*?)-->\s*```hex\n([\s\S]*?)```/g;
  const examples = [...doc.matchAll(pattern)].map(([, typeName, rest, hex]) => ({
    typeName: typeName as PacketTypeName,
    fields: Object.fromEntries(
      rest
        .trim()
        .split(/\s+/)
        .filter(Boolean)
        .map((kv) => kv.split('=')),
    ),
    bytes: Buffer.from(hex.replace(/\s+/g, ''), 'hex'),
  }));
  return { examples, hexBlocks: doc.split('```hex').length - 1 };
}

function payloadOf(example: Example): { flags: number; payload: Uint8Array; frame?: DecodedFrame } {
  const { fields, bytes } = example;
  if (fields.origin === 'client') {
    const result = validateClientFrame(bytes, {
      authRequired: fields.key === 'test',
      frameKey: fields.key === 'test' ? DOC_KEY : undefined,
    });
    if (!result.ok) {
      throw new Error(`rejected: ${result.reason}`);
    }
    return { flags: result.frame.flags, payload: result.frame.payload, frame: result.frame };
  }
  if (fields.sender !== undefined) {
    const result = decodeRelayedFrame(bytes);
    if (!result.ok) {
      throw new Error(`relayed frame rejected: ${result.reason}`);
    }
    expect(result.frame.senderPeerId).toBe(fields.sender);
    return { flags: result.frame.flags, payload: result.frame.payload };
  }
  const header = decodeHeader(bytes);
  expect(header?.length).toBe(bytes.length - 14);
  return { flags: header?.flags ?? -1, payload: bytes.subarray(14) };
}

describe('docs/protocol.md examples', () => {
  const { examples, hexBlocks } = readExamples();

  it('should annotate every hex block, and hold the promised kinds of example', () => {
    expect(examples.length).toBe(hexBlocks);
    const kinds = examples.map((e) => `${e.typeName}/${e.fields.origin}`);
    for (const kind of ['POSITION_UPDATE/client', 'PING/client', 'DISCONNECT/client', 'CHAT_MESSAGE/client']) {
      expect(kinds).toContain(kind);
    }
    expect(examples.some((e) => e.fields.key === 'test')).toBe(true);
    expect(examples.some((e) => e.fields.sender !== undefined)).toBe(true);
  });

  it('should show relayed frames and the PONG exactly as the coordinator builds them', () => {
    const fromClients = examples.filter((e) => e.fields.origin === 'client');
    const built = fromClients.flatMap((e) => {
      const result = validateClientFrame(e.bytes, { authRequired: false, frameKey: DOC_KEY });
      if (!result.ok) {
        return [];
      }
      const pong = result.frame.pingBytes ? [buildPong(result.frame.pingBytes).toString('hex')] : [];
      return [...pong, buildRelayedFrame(e.bytes, result.frame, 'peer-42').toString('hex')];
    });

    for (const e of examples.filter((x) => x.fields.origin === 'coordinator')) {
      expect(built).toContain(e.bytes.toString('hex'));
    }
  });

  it.each(examples.map((e, i) => [`${i + 1}: ${e.typeName} from ${e.fields.origin}`, e] as const))(
    'should decode example %s as annotated',
    (_label, example) => {
      const { fields } = example;
      expect(example.bytes.readUInt16BE(8)).toBe(PacketType[example.typeName]);
      const { flags, payload, frame } = payloadOf(example);
      expect(flags).toBe(Number(fields.flags));
      if (fields.x !== undefined) {
        const p = frame?.position ?? decodePosition(payload);
        expect(p).toEqual({
          x: Number(fields.x),
          y: Number(fields.y),
          direction: Number(fields.dir),
          walkSpeedMs: Number(fields.speed),
          clientTimeMs: Number(fields.time),
        });
      }
      if (fields.seq !== undefined) {
        expect(frame?.seq).toBe(BigInt(fields.seq));
      }
      if (fields.ping !== undefined) {
        expect(Buffer.from(frame?.pingBytes ?? []).toString('hex')).toBe(fields.ping);
      }
      if (fields.reason !== undefined) {
        expect(frame?.disconnectReason).toBe(Number(fields.reason));
      }
      if (fields.payload_hex !== undefined) {
        expect(Buffer.from(payload).toString('hex')).toBe(fields.payload_hex);
      }
      if (fields.payload_utf8 !== undefined) {
        expect(Buffer.from(payload).toString('utf8')).toBe(fields.payload_utf8);
      }
    },
  );
});
