import { createHmac, randomBytes } from 'node:crypto';
import * as browser from './frame-auth.browser';
import * as node from './frame-auth';

// Bundlers swap one module for the other, so they must export the same names and signatures.
const sameShape: typeof node = browser;

describe('frame MAC without node:crypto (browser builds)', () => {
  it('should equal node:crypto HMAC-SHA256 across block boundaries and key lengths', () => {
    for (const keyLength of [0, 1, 32, 63, 64, 65, 200]) {
      const key = randomBytes(keyLength);
      for (const length of [0, 1, 33, 55, 56, 63, 64, 65, 119, 120, 128, 1000, 4200]) {
        const signed = randomBytes(length);
        const expected = createHmac('sha256', key).update(signed).digest();
        expect(sameShape.computeFrameMac(key, signed).equals(expected)).toBe(true);
      }
    }
  });

  it('should verify its own MACs and node:crypto ones, and nothing else', () => {
    const key = randomBytes(32);
    const signed = Buffer.from('header+payload+seq');
    const mac = node.computeFrameMac(key, signed);

    expect(browser.verifyFrameMac(key, signed, mac)).toBe(true);
    expect(browser.verifyFrameMac(key, signed, browser.computeFrameMac(key, signed))).toBe(true);
    expect(browser.verifyFrameMac(randomBytes(32), signed, mac)).toBe(false);
    expect(browser.verifyFrameMac(key, Buffer.from('header+payload+seQ'), mac)).toBe(false);
    expect(browser.verifyFrameMac(key, signed, mac.subarray(0, 31))).toBe(false);
    const flipped = Buffer.from(mac);
    flipped[31] ^= 1;
    expect(browser.verifyFrameMac(key, signed, flipped)).toBe(false);
  });
});
