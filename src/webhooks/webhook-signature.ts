import { createHmac } from 'node:crypto';

/** The header that carries the signature, as `sha256=<hex>`. */
export const SIGNATURE_HEADER = 'X-P2PC-Signature';
export const EVENT_HEADER = 'X-P2PC-Event';
export const DELIVERY_HEADER = 'X-P2PC-Delivery';

/**
 * `sha256=` and the hex HMAC-SHA256 of the raw body (the exact bytes sent) keyed with
 * WEBHOOK_SECRET. A receiver recomputes it over the bytes it read, before parsing them.
 */
export function signWebhookBody(body: string | Uint8Array, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}
