import { parseInbound } from '../protocol/signaling-messages';
import { joinMessage, parseServerMessage, signalMessage } from './signaling-codec';

describe('client signaling codec', () => {
  it('should build joins the coordinator parses, in both dialects', () => {
    expect(parseInbound(joinMessage('dll', 'p1', { zone: 'prontera' }))).toMatchObject({ msg: { type: 'create_session', peerId: 'p1', zone: 'prontera' }, rawType: 'create_session' });
    expect(parseInbound(joinMessage('reference', 'p1', { sessionId: '42' }, 'tok'))).toMatchObject({ msg: { type: 'join', sessionId: '42', token: 'tok' }, rawType: 'join' });
    expect(() => joinMessage('dll', 'p1', { sessionId: '1' })).toThrow(TypeError);
    expect(() => joinMessage('reference', 'p1', { zone: 'z' })).toThrow(TypeError);
  });

  it('should build signals the coordinator parses, spelled per dialect', () => {
    expect(JSON.parse(signalMessage('dll', 'ice-candidate', 'p2', 'c')).type).toBe('ice_candidate');
    expect(parseInbound(signalMessage('reference', 'ice-candidate', 'p2', { candidate: 'c' }))).toMatchObject({ msg: { type: 'signal', kind: 'ice-candidate', to: 'p2' } });
    expect(parseInbound(signalMessage('dll', 'offer', 'p2', 'v=0'))).toMatchObject({ msg: { type: 'signal', kind: 'offer', body: 'v=0' } });
  });

  it('should normalise both spellings of what the coordinator sends', () => {
    expect(parseServerMessage('{"type":"session-joined","session_id":7,"peers":["a"],"frame_key":"AA=="}')).toMatchObject({ kind: 'joined', sessionId: '7', peers: ['a'], frameKey: 'AA==' });
    expect(parseServerMessage('{"type":"peer-list","zone":"z","added":[],"removed":["a"]}')).toMatchObject({ kind: 'peer_list', diff: { removed: ['a'] } });
    expect(parseServerMessage('{"type":"ice_candidate","from":"a","candidate":"c"}')).toMatchObject({ kind: 'signal', signal: 'ice-candidate', from: 'a' });
    expect(parseServerMessage('{"type":"error","code":"FRAME_REJECTED","reason":"replay","message":"m"}')).toEqual({ kind: 'error', code: 'FRAME_REJECTED', reason: 'replay', message: 'm' });
    expect(parseServerMessage('{"type":"whatever"}')).toEqual({ kind: 'unknown', type: 'whatever' });
    expect(parseServerMessage('not json')).toBeUndefined();
    expect(parseServerMessage('{"type":"peer_joined"}')).toBeUndefined();
  });
});
