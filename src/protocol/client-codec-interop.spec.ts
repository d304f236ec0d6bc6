import { joinMessage, signalMessage } from '@ro-p2p/client/signaling-codec';
import { parseInbound } from './signaling-messages';

/** What the client SDK sends (packages/client), as this coordinator parses it. */
describe('client SDK messages, parsed by the coordinator', () => {
  it('should parse the SDK joins in both dialects', () => {
    expect(parseInbound(joinMessage('dll', 'p1', { zone: 'prontera' }))).toMatchObject({
      msg: { type: 'create_session', peerId: 'p1', zone: 'prontera' },
      rawType: 'create_session',
    });
    expect(parseInbound(joinMessage('reference', 'p1', { sessionId: '42' }, 'tok'))).toMatchObject({
      msg: { type: 'join', sessionId: '42', token: 'tok' },
      rawType: 'join',
    });
  });

  it('should parse the SDK signals, spelled per dialect', () => {
    expect(parseInbound(signalMessage('reference', 'ice-candidate', 'p2', { candidate: 'c' }))).toMatchObject({
      msg: { type: 'signal', kind: 'ice-candidate', to: 'p2' },
    });
    expect(parseInbound(signalMessage('dll', 'ice-candidate', 'p2', 'c'))).toMatchObject({
      msg: { type: 'signal', kind: 'ice-candidate', to: 'p2' },
    });
    expect(parseInbound(signalMessage('dll', 'offer', 'p2', 'v=0'))).toMatchObject({
      msg: { type: 'signal', kind: 'offer', body: 'v=0' },
    });
  });
});
