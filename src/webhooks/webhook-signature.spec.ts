import { createHmac, timingSafeEqual } from 'node:crypto';
import { signWebhookBody } from './webhook-signature';

describe(signWebhookBody.name, () => {
  it('should match the RFC 4231 HMAC-SHA256 vector', () => {
    // RFC 4231, test case 2: key "Jefe", data "what do ya want for nothing?".
    expect(signWebhookBody('what do ya want for nothing?', 'Jefe')).toBe(
      'sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    );
  });

  it('should sign the raw bytes as a receiver recomputes them', () => {
    const body = JSON.stringify({
      event: 'zone.updated',
      at: '2024-01-01T00:00:00.000Z',
      data: { zone_id: 'prontera' },
    });
    const secret = 'webhook-secret-0123456789';
    const expected = `sha256=${createHmac('sha256', secret).update(Buffer.from(body, 'utf8')).digest('hex')}`;
    const sut = signWebhookBody(body, secret);
    expect(sut).toBe(expected);
    expect(timingSafeEqual(Buffer.from(sut), Buffer.from(expected))).toBe(true);
    expect(signWebhookBody(Buffer.from(body, 'utf8'), secret)).toBe(expected);
  });

  it('should change with the body and with the secret', () => {
    const base = signWebhookBody('{"a":1}', 'k1');
    expect(signWebhookBody('{"a":2}', 'k1')).not.toBe(base);
    expect(signWebhookBody('{"a":1}', 'k2')).not.toBe(base);
    expect(base).toMatch(/^sha256=[0-9a-f]{64}$/);
  });
});
