import { createHmac, timingSafeEqual } from 'node:crypto';
import { MAC_SIZE } from './frame';

/*
 * The frame MAC on Node (the coordinator, Node clients): node:crypto's native HMAC. Browser builds
 * get frame-auth.browser.ts instead (the package's "browser" field), with the same exports.
 */

/** HMAC-SHA256 over every byte before the MAC: header, payload and sequence number. */
export function computeFrameMac(key: Uint8Array, signed: Uint8Array): Buffer {
  return createHmac('sha256', key).update(signed).digest();
}

/** Constant-time comparison so a forger learns nothing from response timing. */
export function verifyFrameMac(key: Uint8Array, signed: Uint8Array, mac: Uint8Array): boolean {
  if (mac.length !== MAC_SIZE) {
    return false;
  }
  return timingSafeEqual(computeFrameMac(key, signed), mac);
}
