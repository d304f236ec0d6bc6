import { randomBytes } from 'node:crypto';
import { FrameFlag, PacketType, validateClientFrame } from '@ro-p2p/contract';
import { FrameSequencer } from './frame-sequencer';

describe('FrameSequencer', () => {
  const key = randomBytes(32);

  it('should number authenticated frames 1, 2, 3 … and produce frames the coordinator accepts in order', () => {
    const sequencer = new FrameSequencer();
    sequencer.setKey(key.toString('base64'));
    let lastSeq: bigint | undefined;
    for (const expected of [1n, 2n, 3n]) {
      const frame = sequencer.build(PacketType.CHAT_MESSAGE, Buffer.from('hi'), FrameFlag.RELAY);
      const result = validateClientFrame(frame, { frameKey: key, lastSeq, authRequired: true });
      expect(result.ok && result.frame.seq).toBe(expected);
      lastSeq = result.ok ? result.frame.seq : lastSeq;
    }
    expect(sequencer.lastSeq).toBe(3n);
  });

  it('should keep increasing across a new key, so a reconnection never replays a number', () => {
    const sequencer = new FrameSequencer();
    sequencer.setKey(key.toString('base64'));
    sequencer.build(PacketType.PING, Buffer.alloc(8));
    sequencer.setKey(randomBytes(32).toString('base64'));
    sequencer.build(PacketType.PING, Buffer.alloc(8));
    expect(sequencer.lastSeq).toBe(2n);
  });

  it('should send plain frames without a key and not consume sequence numbers', () => {
    const sequencer = new FrameSequencer();
    const frame = sequencer.build(PacketType.CHAT_MESSAGE, Buffer.from('x'), FrameFlag.AUTHENTICATED);
    const result = validateClientFrame(frame, { authRequired: false });
    expect(result.ok && result.frame.flags & FrameFlag.AUTHENTICATED).toBe(0);
    expect(sequencer.lastSeq).toBe(0n);
    sequencer.setKey('');
    expect(sequencer.hasKey).toBe(false);
  });

  it('should produce a frame that fails verification under another key', () => {
    const sequencer = new FrameSequencer();
    sequencer.setKey(key.toString('base64'));
    const frame = sequencer.build(PacketType.PING, Buffer.alloc(8));
    expect(validateClientFrame(frame, { frameKey: randomBytes(32), authRequired: true })).toEqual({
      ok: false,
      reason: 'bad_mac',
    });
  });
});
