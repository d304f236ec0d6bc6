import { joinMessage, parseServerMessage, signalMessage } from './signaling-codec';

// That the coordinator parses these messages is checked on its side (src/protocol/client-codec-interop.spec.ts).
describe('client signaling codec', () => {
  it('should build joins in both dialects and refuse a target the dialect cannot join', () => {
    expect(JSON.parse(joinMessage('dll', 'p1', { zone: 'prontera' }))).toEqual({
      type: 'create_session',
      peer_id: 'p1',
      zone: 'prontera',
      capabilities: { webrtc: true, encryption: false, compression: false },
    });
    expect(JSON.parse(joinMessage('reference', 'p1', { sessionId: '42' }, 'tok'))).toEqual({
      type: 'join',
      session_id: '42',
      token: 'tok',
    });
    expect(() => joinMessage('dll', 'p1', { sessionId: '1' })).toThrow(TypeError);
    expect(() => joinMessage('reference', 'p1', { zone: 'z' })).toThrow(TypeError);
  });

  it('should spell signals per dialect, with the body under sdp or candidate', () => {
    expect(JSON.parse(signalMessage('dll', 'ice-candidate', 'p2', 'c'))).toEqual({
      type: 'ice_candidate',
      to: 'p2',
      candidate: 'c',
    });
    expect(JSON.parse(signalMessage('reference', 'ice-candidate', 'p2', { candidate: 'c' }))).toEqual({
      type: 'ice-candidate',
      to: 'p2',
      candidate: { candidate: 'c' },
    });
    expect(JSON.parse(signalMessage('dll', 'offer', 'p2', 'v=0'))).toEqual({ type: 'offer', to: 'p2', sdp: 'v=0' });
  });

  it('should normalise both spellings of what the coordinator sends', () => {
    expect(
      parseServerMessage('{"type":"session-joined","session_id":7,"peers":["a"],"frame_key":"AA=="}'),
    ).toMatchObject({ kind: 'joined', sessionId: '7', peers: ['a'], frameKey: 'AA==' });
    expect(parseServerMessage('{"type":"peer-list","zone":"z","added":[],"removed":["a"]}')).toMatchObject({
      kind: 'peer_list',
      diff: { removed: ['a'] },
    });
    expect(parseServerMessage('{"type":"ice_candidate","from":"a","candidate":"c"}')).toMatchObject({
      kind: 'signal',
      signal: 'ice-candidate',
      from: 'a',
    });
    expect(parseServerMessage('{"type":"error","code":"FRAME_REJECTED","reason":"replay","message":"m"}')).toEqual({
      kind: 'error',
      code: 'FRAME_REJECTED',
      reason: 'replay',
      message: 'm',
    });
    expect(
      parseServerMessage('{"type":"session_created","session_id":"s1","zone":"z","host_id":"h","ice_servers":[]}'),
    ).toEqual({
      kind: 'joined',
      sessionId: 's1',
      zone: 'z',
      hostId: 'h',
      peers: [],
      frameKey: undefined,
      iceServers: [],
    });
    expect(parseServerMessage('{"type":"session-left","session_id":"s1"}')).toEqual({ kind: 'left', sessionId: 's1' });
    expect(parseServerMessage('{"type":"pong","timestamp":1}')).toEqual({ kind: 'pong' });
    expect(parseServerMessage('{"type":"whatever"}')).toEqual({ kind: 'unknown', type: 'whatever' });
    expect(parseServerMessage('{"type":"npc-update","zone":"z","npcs":[]}')).toEqual({
      kind: 'unknown',
      type: 'npc-update',
    });
    expect(parseServerMessage('{"type":"constructor"}')).toEqual({ kind: 'unknown', type: 'constructor' });
    expect(parseServerMessage('{"type":"offer","from":"a"}')).toBeUndefined();
    expect(parseServerMessage('not json')).toBeUndefined();
    expect(parseServerMessage('{"type":"peer_joined"}')).toBeUndefined();
  });
});
