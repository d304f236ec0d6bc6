import { dialectOf, MAX_CANDIDATE_CHARS, MAX_SDP_CHARS, parseInbound } from './signaling-messages';
import {
  encodeOutbound,
  encodeSignal,
  outboundType,
  referenceTimestamp,
  referenceTimestampAt,
} from './signaling-outbound';

const parse = (value: unknown) => parseInbound(typeof value === 'string' ? value : JSON.stringify(value));

describe(parseInbound.name, () => {
  it.each([
    ['not json', 'invalid_json'],
    ['', 'invalid_json'],
    ['[1]', 'invalid_message'],
    ['null', 'invalid_message'],
    ['42', 'invalid_message'],
    ['"join"', 'invalid_message'],
    ['{}', 'invalid_message'],
    ['{"type":""}', 'invalid_message'],
    ['{"type":7}', 'invalid_message'],
    ['{"type":"teleport"}', 'unknown_type'],
    ['{"type":"__proto__"}', 'unknown_type'],
    ['{"type":"toString"}', 'unknown_type'],
  ])('should refuse %j as %s', (text, error) => {
    expect(parseInbound(text)).toMatchObject({ error });
  });

  it('should parse the DLL create_session and ignore capabilities', () => {
    const sut = parse({ type: 'create_session', peer_id: '150001', zone: 'prontera', capabilities: { webrtc: true } });
    expect(sut).toEqual({
      rawType: 'create_session',
      msg: { type: 'create_session', peerId: '150001', zone: 'prontera', token: undefined },
    });
  });

  it('should accept zone_id as an alias and carry a first-message token', () => {
    expect(parse({ type: 'create-session', zone_id: 'geffen', token: 'abc' })).toMatchObject({
      msg: { type: 'create_session', zone: 'geffen', token: 'abc' },
    });
  });

  it.each([
    [{ type: 'create_session', peer_id: '150001' }, 'zone required'],
    [{ type: 'create_session', zone: 'bad zone' }, 'zone must be'],
    [{ type: 'create_session', peer_id: '', zone: 'prontera' }, 'peer_id must be'],
    [{ type: 'create_session', peer_id: 'x'.repeat(65), zone: 'prontera' }, 'peer_id must be'],
    [{ type: 'create_session', peer_id: 12, zone: 'prontera' }, 'peer_id must be'],
    [{ type: 'join' }, 'session_id required'],
    [{ type: 'join', session_id: '../etc' }, 'session_id must be'],
  ])('should refuse %j', (message, text) => {
    expect(parse(message)).toMatchObject({ error: 'invalid_message', message: expect.stringContaining(text) });
  });

  it('should accept integer and string session ids on join', () => {
    expect(parse({ type: 'join', session_id: 12 })).toMatchObject({ msg: { type: 'join', sessionId: '12' } });
    expect(parse({ type: 'join_session', session_id: 'session-ab12' })).toMatchObject({
      msg: { type: 'join', sessionId: 'session-ab12' },
    });
  });

  it.each(['leave', 'leave_session', 'leave-session'])('should parse %s', (type) => {
    expect(parse({ type })).toEqual({ rawType: type, msg: { type: 'leave' } });
  });

  it('should accept to, target_peer_id and target for signals, and SDP objects', () => {
    expect(parse({ type: 'offer', to: 'b', sdp: 'v=0' })).toMatchObject({
      msg: { type: 'signal', kind: 'offer', to: 'b', body: 'v=0' },
    });
    expect(parse({ type: 'answer', target_peer_id: 'b', sdp: { type: 'answer', sdp: 'v=0' } })).toMatchObject({
      msg: { kind: 'answer', to: 'b' },
    });
    expect(parse({ type: 'ice_candidate', target: 'b', candidate: 'candidate:1' })).toMatchObject({
      msg: { kind: 'ice-candidate', to: 'b' },
    });
    expect(parse({ type: 'offer', to: 'b', offer: 'v=0' })).toMatchObject({ msg: { kind: 'offer', body: 'v=0' } });
  });

  it.each([
    [{ type: 'offer', sdp: 'v=0' }, 'to and sdp required'],
    [{ type: 'offer', to: 'b' }, 'to and sdp required'],
    [{ type: 'offer', to: 'b', sdp: '' }, 'to and sdp required'],
    [{ type: 'ice-candidate', to: 'b', candidate: null }, 'to and candidate required'],
    [{ type: 'offer', to: 'b c', sdp: 'v=0' }, 'to must be'],
    [{ type: 'offer', to: 'b', sdp: 42 }, 'sdp must be'],
    [{ type: 'offer', to: 'b', sdp: 'x'.repeat(MAX_SDP_CHARS + 1) }, 'sdp must be'],
    [{ type: 'ice-candidate', to: 'b', candidate: 'x'.repeat(MAX_CANDIDATE_CHARS + 1) }, 'candidate must be'],
  ])('should refuse the signal %#', (message, text) => {
    expect(parse(message)).toMatchObject({ error: 'invalid_message', message: expect.stringContaining(text) });
  });

  it('should keep the body as JSON, measured as before', () => {
    const candidate = { candidate: 'candidate:1 "q" \u00e9', sdpMid: '0', sdpMLineIndex: 0 };
    expect(parse({ type: 'ice-candidate', to: 'b', candidate })).toMatchObject({
      msg: { body: candidate, bodyJson: JSON.stringify(candidate) },
    });
    // A string is limited by its length, not by its escaped JSON: quotes at the limit still pass.
    const quoted = '"'.repeat(MAX_SDP_CHARS);
    expect(parse({ type: 'offer', to: 'b', sdp: quoted })).toMatchObject({
      msg: { body: quoted, bodyJson: JSON.stringify(quoted) },
    });
    const big = { sdp: 'x'.repeat(MAX_SDP_CHARS) };
    expect(parse({ type: 'offer', to: 'b', sdp: big })).toMatchObject({
      error: 'invalid_message',
      message: expect.stringContaining('sdp must be'),
    });
  });

  it('should bound positions to u16 integers', () => {
    expect(parse({ type: 'position', x: 10, y: 65535 })).toMatchObject({ msg: { type: 'position', x: 10, y: 65535 } });
    for (const bad of [{ x: -1, y: 0 }, { x: 1.5, y: 0 }, { x: 70000, y: 0 }, { x: '1', y: 0 }, { y: 0 }]) {
      expect(parse({ type: 'position', ...bad })).toMatchObject({ error: 'invalid_message' });
    }
  });

  it('should never throw on arbitrary input', () => {
    const samples = [
      '{"type":"offer","to":{"a":1},"sdp":"x"}',
      '{"type":"join","session_id":{}}',
      '\u0000',
      '{"type":"create_session","zone":[]}',
    ];
    for (const text of samples) {
      expect(() => parseInbound(text)).not.toThrow();
    }
  });
});

/**
 * Hostile values in every field of every inbound type, in every spelling. JSON.stringify cannot
 * write most of them (8,000 levels overflow it), so the texts are spliced by hand.
 */
describe(`${parseInbound.name} with hostile fields`, () => {
  const FIELDS = [
    'peer_id',
    'zone',
    'zone_id',
    'session_id',
    'token',
    'to',
    'target_peer_id',
    'target',
    'sdp',
    'candidate',
    'offer',
    'answer',
    'x',
    'y',
    'type',
  ];
  /** What a well-behaved client sends with each type, so the hostile field is the only thing wrong. */
  const createSession = { peer_id: '150001', zone: 'prontera', capabilities: { webrtc: true } };
  const join = { peer_id: 'p-1', session_id: 'session-1' };
  const candidate = { to: 'b', candidate: { candidate: 'candidate:1', sdpMid: '0' } };
  const VALID: Record<string, Record<string, unknown>> = {
    create_session: createSession,
    'create-session': createSession,
    join,
    join_session: join,
    'join-session': join,
    leave: {},
    leave_session: {},
    'leave-session': {},
    offer: { to: 'b', sdp: 'v=0' },
    answer: { to: 'b', sdp: { type: 'answer', sdp: 'v=0' } },
    'ice-candidate': candidate,
    ice_candidate: candidate,
    position: { x: 1, y: 2 },
    ping: {},
  };
  const TYPES = Object.keys(VALID);

  const arrays = (depth: number): string => `${'['.repeat(depth)}${']'.repeat(depth)}`;
  const objects = (depth: number): string => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
  const DEEP: [string, string][] = [
    ['33 levels of arrays', arrays(33)],
    ['33 levels of objects', objects(33)],
    ['8,000 levels of arrays', arrays(8_000)],
    ['8,000 levels of objects', objects(8_000)],
  ];
  const OTHER: [string, string][] = [
    ['a 100,000-entry array', `[${'0,'.repeat(99_999)}0]`],
    ['an object with a __proto__ key', '{"__proto__":{"admin":true,"to":"evil"}}'],
    ['an object with a constructor key', '{"constructor":{"prototype":{"admin":true}}}'],
    ['an object with a prototype key', '{"prototype":{"admin":true}}'],
    ['1e308', '1e308'],
    ['-0', '-0'],
    ['2**64', String(2 ** 64)],
    ['a number past double range', '1e999'],
    ['a 1 MB string', JSON.stringify('x'.repeat(1_000_000))],
    ['the string __proto__', '"__proto__"'],
    ['the string constructor', '"constructor"'],
  ];

  /** `type`'s valid message with `field` set to the raw JSON text `value` (written last, so it wins). */
  function withField(type: string, field: string, value: string): string {
    const base: Record<string, unknown> = { type, ...VALID[type] };
    delete base[field];
    const parts = Object.entries(base).map(([key, v]) => `${JSON.stringify(key)}:${JSON.stringify(v)}`);
    return `{${[...parts, `${JSON.stringify(field)}:${value}`].join(',')}}`;
  }

  /** Never a throw; a message of the right shape or one of the three errors with a message. */
  function expectWellFormed(text: string): ReturnType<typeof parseInbound> {
    let result: ReturnType<typeof parseInbound> | undefined;
    expect(() => (result = parseInbound(text))).not.toThrow();
    if (result && 'error' in result) {
      expect(['invalid_json', 'invalid_message', 'unknown_type']).toContain(result.error);
      expect(typeof result.message).toBe('string');
      expect(result.message.length).toBeLessThan(200);
    } else {
      expect(result?.msg.type).toEqual(expect.any(String));
      expect(typeof result?.rawType).toBe('string');
    }
    return result!;
  }

  it('should start from a valid message of every type', () => {
    for (const type of TYPES) {
      expect(expectWellFormed(withField(type, 'type', JSON.stringify(type)))).toMatchObject({ rawType: type });
    }
  });

  it.each(TYPES)('should refuse %s with any field nested past 32 levels as invalid_message', (type) => {
    for (const field of FIELDS) {
      for (const [, value] of DEEP) {
        expect(expectWellFormed(withField(type, field, value))).toEqual({
          error: 'invalid_message',
          message: 'Message nests more than 32 levels deep',
        });
      }
    }
  });

  it.each(TYPES)('should never throw on %s with a wide, poisoned, huge or long field', (type) => {
    for (const field of FIELDS) {
      for (const [label, value] of OTHER) {
        const result = expectWellFormed(withField(type, field, value));
        if (label.includes('100,000')) {
          expect(result).toEqual({
            error: 'invalid_message',
            message: 'Message has more than 256 entries in one array or object',
          });
        }
      }
    }
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });

  it('should refuse a whole message past the width or value limits', () => {
    expect(
      parseInbound(`{"type":"ping",${Array.from({ length: 300 }, (_, i) => `"k${i}":0`).join(',')}}`),
    ).toMatchObject({ error: 'invalid_message', message: expect.stringContaining('entries') });
    const spread = Array.from({ length: 20 }, () => `[${'0,'.repeat(249)}0]`).join(',');
    expect(parseInbound(`{"type":"offer","to":"b","sdp":[${spread}]}`)).toMatchObject({
      error: 'invalid_message',
      message: 'Message has more than 4096 values',
    });
  });

  it('should keep a body nested up to the limit and relay it as JSON', () => {
    const sdp = JSON.parse(arrays(31)) as unknown;
    expect(parseInbound(`{"type":"offer","to":"b","sdp":${arrays(31)}}`)).toMatchObject({
      msg: { body: sdp, bodyJson: arrays(31) },
    });
  });

  it('should read own fields only: a __proto__ key neither sets the prototype nor supplies a field', () => {
    expect(parseInbound('{"type":"offer","sdp":"v=0","__proto__":{"to":"evil"}}')).toMatchObject({
      error: 'invalid_message',
      message: 'to and sdp required',
    });
    const parsed = parseInbound('{"type":"offer","to":"b","sdp":{"__proto__":{"polluted":true},"type":"offer"}}');
    expect(parsed).toMatchObject({ msg: { bodyJson: '{"__proto__":{"polluted":true},"type":"offer"}' } });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each(['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty'])(
    'should call a type named %s unknown, by its name',
    (type) => {
      expect(parseInbound(`{"type":"${type}"}`)).toEqual({
        error: 'unknown_type',
        message: `Unknown message type: ${type}`,
      });
    },
  );

  it('should take the last of duplicate keys, as JSON.parse does', () => {
    expect(parseInbound('{"type":"offer","to":"a","to":"b"}')).toMatchObject({ error: 'invalid_message' });
    expect(parseInbound('{"type":"offer","to":"a","sdp":"v=0","to":"b"}')).toMatchObject({
      msg: { kind: 'offer', to: 'b' },
    });
    expect(parseInbound('{"type":"offer","type":"ping"}')).toEqual({ rawType: 'ping', msg: { type: 'ping' } });
    expect(parseInbound('{"type":"position","x":1,"y":2,"x":-1}')).toMatchObject({ error: 'invalid_message' });
  });

  it('should treat numbers JSON cannot write as invalid JSON and out-of-range ones as invalid fields', () => {
    expect(parseInbound('{"type":"position","x":NaN,"y":1}')).toMatchObject({ error: 'invalid_json' });
    expect(parseInbound('{"type":"position","x":1e308,"y":1}')).toMatchObject({ error: 'invalid_message' });
    expect(parseInbound(`{"type":"position","x":${2 ** 64},"y":1}`)).toMatchObject({ error: 'invalid_message' });
    expect(parseInbound('{"type":"join","session_id":1e308}')).toMatchObject({
      error: 'invalid_message',
      message: expect.stringContaining('session_id must be'),
    });
  });
});

describe(dialectOf.name, () => {
  it('should detect the dialect from the spelling', () => {
    expect(dialectOf('create_session')).toBe('dll');
    expect(dialectOf('ice_candidate')).toBe('dll');
    expect(dialectOf('join')).toBe('reference');
    expect(dialectOf('ice-candidate')).toBe('reference');
    expect(dialectOf('offer')).toBeUndefined();
  });
});

describe(encodeOutbound.name, () => {
  it('should spell types for the recipient dialect', () => {
    expect(outboundType('peer_joined', 'dll')).toBe('peer_joined');
    expect(outboundType('peer_joined', 'reference')).toBe('peer-joined');
    expect(outboundType('ice-candidate', 'dll')).toBe('ice_candidate');
    expect(JSON.parse(encodeOutbound('session_left', 'reference', { session_id: 's' }))).toEqual({
      type: 'session-left',
      session_id: 's',
    });
  });

  it('should format the reference timestamp without a zone suffix', () => {
    expect(referenceTimestamp(new Date('2026-11-24T10:32:00.491Z'))).toBe('2026-11-24T10:32:00.491');
  });

  it('should format the timestamp once per millisecond and agree with referenceTimestamp', () => {
    const ms = Date.parse('2026-11-24T10:32:00.491Z');
    expect(referenceTimestampAt(ms)).toBe('2026-11-24T10:32:00.491');
    expect(referenceTimestampAt(ms + 1)).toBe('2026-11-24T10:32:00.492');
    expect(referenceTimestampAt(ms)).toBe(referenceTimestamp(new Date(ms)));
  });
});

describe(encodeSignal.name, () => {
  const bodies: unknown[] = [
    'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n',
    'quote " backslash \\ tab \t nul \u0000 é \u2028 😀',
    {
      candidate: 'candidate:1 1 udp 1 192.168.1.10 46243 typ host',
      sdpMid: '0',
      sdpMLineIndex: 0,
      usernameFragment: null,
    },
    { type: 'offer', sdp: 'v=0', nested: [1, 2.5, true, { deep: ['x'] }], __proto__x: 1 },
    JSON.parse('{"__proto__":{"a":1},"constructor":"c"}'),
  ];

  it.each(['offer', 'answer', 'ice-candidate'] as const)(
    'should encode a %s byte for byte as encodeOutbound does',
    (kind) => {
      for (const dialect of ['dll', 'reference'] as const) {
        for (const body of bodies) {
          const timestamp = referenceTimestampAt(Date.now());
          const fields = { from: 'peer.a:1@x-y_z', sdp: body, candidate: body, timestamp };
          const expected = encodeOutbound(
            kind,
            dialect,
            kind === 'ice-candidate'
              ? { from: fields.from, candidate: body, timestamp }
              : { from: fields.from, sdp: body, timestamp },
          );
          expect(encodeSignal(kind, dialect, 'peer.a:1@x-y_z', JSON.stringify(body), timestamp)).toBe(expected);
        }
      }
    },
  );

  it('should splice the JSON that validation kept', () => {
    const parsed = parseInbound(
      JSON.stringify({ type: 'ice_candidate', to: 'b', candidate: { candidate: 'c', sdpMid: '0' } }),
    );
    if (!('msg' in parsed) || parsed.msg.type !== 'signal') {
      throw new Error('expected a signal');
    }
    const text = encodeSignal(parsed.msg.kind, 'dll', 'a', parsed.msg.bodyJson, '2026-11-24T10:32:00.491');
    expect(JSON.parse(text)).toEqual({
      type: 'ice_candidate',
      from: 'a',
      candidate: { candidate: 'c', sdpMid: '0' },
      timestamp: '2026-11-24T10:32:00.491',
    });
  });
});
