import { FrameFlag, KNOWN_FLAGS_MASK, PacketType, REJECT_REASONS, packetTypeName } from './frame';

describe(packetTypeName.name, () => {
  it('should name every type and nothing else', () => {
    for (const [name, code] of Object.entries(PacketType)) {
      expect(packetTypeName(code)).toBe(name);
    }

    expect(packetTypeName(0)).toBeUndefined();
    expect(packetTypeName(0x000b)).toBeUndefined();
  });
});

describe('frame constants', () => {
  it('should define the known flags as exactly the mask', () => {
    expect(Object.values(FrameFlag).reduce((a, b) => a | b, 0)).toBe(KNOWN_FLAGS_MASK);
  });

  it('should list each reject reason once', () => {
    expect(new Set(REJECT_REASONS).size).toBe(REJECT_REASONS.length);
    expect(REJECT_REASONS).toContain('implausible_move');
    expect(REJECT_REASONS).toContain('rate_exceeded');
  });
});
