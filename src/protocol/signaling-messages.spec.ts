import { dialectOf, MAX_CANDIDATE_CHARS, MAX_SDP_CHARS, parseInbound } from './signaling-messages';
import { encodeOutbound, encodeSignal, outboundType, referenceTimestamp, referenceTimestampAt, signalField } from './signaling-outbound';

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
    expect(sut).toEqual({ rawType: 'create_session', msg: { type: 'create_session', peerId: '150001', zone: 'prontera', token: undefined } });
  });

  it('should accept zone_id as an alias and carry a first-message token', () => {
    expect(parse({ type: 'create-session', zone_id: 'geffen', token: 'abc' })).toMatchObject({ msg: { type: 'create_session', zone: 'geffen', token: 'abc' } });
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
    expect(parse({ type: 'join_session', session_id: 'session-ab12' })).toMatchObject({ msg: { type: 'join', sessionId: 'session-ab12' } });
  });

  it.each(['leave', 'leave_session', 'leave-session'])('should parse %s', (type) => {
    expect(parse({ type })).toEqual({ rawType: type, msg: { type: 'leave' } });
  });

  it('should accept to, target_peer_id and target for signals, and SDP objects', () => {
    expect(parse({ type: 'offer', to: 'b', sdp: 'v=0' })).toMatchObject({ msg: { type: 'signal', kind: 'offer', to: 'b', body: 'v=0' } });
    expect(parse({ type: 'answer', target_peer_id: 'b', sdp: { type: 'answer', sdp: 'v=0' } })).toMatchObject({ msg: { kind: 'answer', to: 'b' } });
    expect(parse({ type: 'ice_candidate', target: 'b', candidate: 'candidate:1' })).toMatchObject({ msg: { kind: 'ice-candidate', to: 'b' } });
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
    expect(parse({ type: 'ice-candidate', to: 'b', candidate })).toMatchObject({ msg: { body: candidate, bodyJson: JSON.stringify(candidate) } });
    // A string is limited by its length, not by its escaped JSON: quotes at the limit still pass.
    const quoted = '"'.repeat(MAX_SDP_CHARS);
    expect(parse({ type: 'offer', to: 'b', sdp: quoted })).toMatchObject({ msg: { body: quoted, bodyJson: JSON.stringify(quoted) } });
    const big = { sdp: 'x'.repeat(MAX_SDP_CHARS) };
    expect(parse({ type: 'offer', to: 'b', sdp: big })).toMatchObject({ error: 'invalid_message', message: expect.stringContaining('sdp must be') });
  });

  it('should bound positions to u16 integers', () => {
    expect(parse({ type: 'position', x: 10, y: 65535 })).toMatchObject({ msg: { type: 'position', x: 10, y: 65535 } });
    for (const bad of [{ x: -1, y: 0 }, { x: 1.5, y: 0 }, { x: 70000, y: 0 }, { x: '1', y: 0 }, { y: 0 }]) {
      expect(parse({ type: 'position', ...bad })).toMatchObject({ error: 'invalid_message' });
    }
  });

  it('should never throw on arbitrary input', () => {
    const samples = ['{"type":"offer","to":{"a":1},"sdp":"x"}', '{"type":"join","session_id":{}}', '\u0000', '{"type":"create_session","zone":[]}'];
    for (const text of samples) {
      expect(() => parseInbound(text)).not.toThrow();
    }
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
    expect(JSON.parse(encodeOutbound('session_left', 'reference', { session_id: 's' }))).toEqual({ type: 'session-left', session_id: 's' });
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
    { candidate: 'candidate:1 1 udp 1 192.168.1.10 46243 typ host', sdpMid: '0', sdpMLineIndex: 0, usernameFragment: null },
    { type: 'offer', sdp: 'v=0', nested: [1, 2.5, true, { deep: ['x'] }], __proto__x: 1 },
    JSON.parse('{"__proto__":{"a":1},"constructor":"c"}'),
  ];

  it.each(['offer', 'answer', 'ice-candidate'] as const)('should encode a %s byte for byte as encodeOutbound does', (kind) => {
    for (const dialect of ['dll', 'reference'] as const) {
      for (const body of bodies) {
        const timestamp = referenceTimestampAt(Date.now());
        const expected = encodeOutbound(kind, dialect, { from: 'peer.a:1@x-y_z', [signalField(kind)]: body, timestamp });
        expect(encodeSignal(kind, dialect, 'peer.a:1@x-y_z', JSON.stringify(body), timestamp)).toBe(expected);
      }
    }
  });

  it('should splice the JSON that validation kept', () => {
    const parsed = parseInbound(JSON.stringify({ type: 'ice_candidate', to: 'b', candidate: { candidate: 'c', sdpMid: '0' } }));
    if (!('msg' in parsed) || parsed.msg.type !== 'signal') {
      throw new Error('expected a signal');
    }
    const text = encodeSignal(parsed.msg.kind, 'dll', 'a', parsed.msg.bodyJson, '2026-11-24T10:32:00.491');
    expect(JSON.parse(text)).toEqual({ type: 'ice_candidate', from: 'a', candidate: { candidate: 'c', sdpMid: '0' }, timestamp: '2026-11-24T10:32:00.491' });
  });
});
