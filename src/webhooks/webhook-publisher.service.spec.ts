import { Logger } from '@nestjs/common';
import { loadConfig } from '../config/app-config';
import { WebhookPublisher } from './webhook-publisher.service';
import { signWebhookBody } from './webhook-signature';

const SECRET = 'publisher-spec-secret-0123456789';

describe(WebhookPublisher.name, () => {
  let fetchSpy: jest.SpiedFunction<typeof fetch>;

  beforeEach(() => {
    fetchSpy = jest.spyOn(global, 'fetch').mockResolvedValue(new Response(null, { status: 204 }));
  });
  afterEach(() => fetchSpy.mockRestore());

  it('should do nothing without URLs', () => {
    const sut = new WebhookPublisher(loadConfig({}));
    expect(sut.enabled).toBe(false);
    sut.publish('peer.banned', { peer_id: '150001' });
    expect(sut.pending).toBe(0);
    expect(fetchSpy).not.toHaveBeenCalled();
    sut.onModuleDestroy();
  });

  it('should queue one signed envelope per URL and return before anything is sent', async () => {
    const config = loadConfig({
      NODE_ID: 'node-a',
      WEBHOOK_URLS: 'https://a.example/hook, http://b.example:8080/x',
      WEBHOOK_SECRET: SECRET,
    });
    const sut = new WebhookPublisher(config);
    const result: unknown = sut.publish('peer.suspicious', {
      peer_id: '150001',
      zone: 'prontera',
      suspicion: 12.5,
      limit: 10,
      rejections: { too_fast: 2 },
    });
    expect(result).toBeUndefined();
    expect(sut.pending).toBe(2);
    await new Promise((resolve) => setImmediate(resolve));
    expect(fetchSpy).toHaveBeenCalledTimes(2);
    const [[firstUrl, first], [secondUrl, second]] = fetchSpy.mock.calls as [string, RequestInit][];
    expect([firstUrl, secondUrl]).toEqual(['https://a.example/hook', 'http://b.example:8080/x']);
    expect(first.body).toBe(second.body);
    const body = first.body as string;
    const headers = first.headers as Record<string, string>;
    expect(JSON.parse(body)).toEqual({
      event: 'peer.suspicious',
      at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      node_id: 'node-a',
      data: { peer_id: '150001', zone: 'prontera', suspicion: 12.5, limit: 10, rejections: { too_fast: 2 } },
    });
    expect(headers['X-P2PC-Signature']).toBe(signWebhookBody(body, SECRET));
    expect(headers['X-P2PC-Event']).toBe('peer.suspicious');
    expect(headers['X-P2PC-Delivery']).not.toBe((second.headers as Record<string, string>)['X-P2PC-Delivery']);
    sut.onModuleDestroy();
  });

  it('should never throw from publish, even for data that cannot be serialised', () => {
    const sut = new WebhookPublisher(loadConfig({ WEBHOOK_URLS: 'https://a.example/hook', WEBHOOK_SECRET: SECRET }));
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const circular: Record<string, unknown> = { peer_id: '1' };
    circular.self = circular;
    expect(() => sut.publish('peer.kicked', circular as { peer_id: string })).not.toThrow();
    expect(sut.pending).toBe(0);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('Webhook peer.kicked not sent'));
    warn.mockRestore();
    sut.onModuleDestroy();
  });
});
