import { createHmac } from 'node:crypto';
import { asBuffer } from './bytes';
import { computeFrameMac, verifyFrameMac } from './frame-auth';

describe(verifyFrameMac.name, () => {
  const key = Buffer.alloc(32, 3);
  const signed = Buffer.from('header+payload+seq');

  it('should compute HMAC-SHA256 and verify it', () => {
    const sut = computeFrameMac(key, signed);

    expect(sut.equals(createHmac('sha256', key).update(signed).digest())).toBe(true);
    expect(verifyFrameMac(key, signed, sut)).toBe(true);
  });

  it('should reject a different key, a changed byte and a truncated MAC', () => {
    const mac = computeFrameMac(key, signed);

    expect(verifyFrameMac(Buffer.alloc(32, 4), signed, mac)).toBe(false);
    expect(verifyFrameMac(key, Buffer.from('header+payload+seQ'), mac)).toBe(false);
    expect(verifyFrameMac(key, signed, mac.subarray(0, 31))).toBe(false);
  });
});

describe(asBuffer.name, () => {
  it('should view the same memory without copying', () => {
    const bytes = new Uint8Array([1, 2, 3, 4]).subarray(1);

    const sut = asBuffer(bytes);
    sut[0] = 9;

    expect(bytes[0]).toBe(9);
    expect(sut.length).toBe(3);
  });
});
