import { createHmac, timingSafeEqual } from 'node:crypto';
import { MAC_SIZE } from './frame';

/** HMAC-SHA256 over every byte before the MAC: header, payload and sequence number. */
export function computeFrameMac(key: Buffer, signed: Uint8Array): Buffer {
  return createHmac('sha256', key).update(signed).digest();
}

/** Constant-time comparison so a forger learns nothing from response timing. */
export function verifyFrameMac(key: Buffer, signed: Uint8Array, mac: Uint8Array): boolean {
  if (mac.length !== MAC_SIZE) {
    return false;
  }
  return timingSafeEqual(computeFrameMac(key, signed), mac);
}

/** Wraps any byte view as a Buffer without copying. */
export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
