import { ConfigValidationError, loadConfig } from './app-config';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    return (error as ConfigValidationError).problems;
  }
  return [];
}

describe('webhook configuration', () => {
  it('should default to no webhooks, 5 attempts from 5 s, a 5 s timeout and 1000 deliveries', () => {
    expect(loadConfig({}).webhooks).toEqual({
      urls: [],
      secret: undefined,
      timeoutMs: 5000,
      maxAttempts: 5,
      retryBaseMs: 5000,
      queueSize: 1000,
    });
  });

  it('should read a list of http and https URLs with the secret', () => {
    const sut = loadConfig({
      WEBHOOK_URLS: ' https://discord.com/api/webhooks/1/token , http://127.0.0.1:9000/hook ',
      WEBHOOK_SECRET: 'whsec-0123456789',
      WEBHOOK_TIMEOUT_MS: '2000',
      WEBHOOK_MAX_ATTEMPTS: '3',
      WEBHOOK_RETRY_BASE_MS: '100',
      WEBHOOK_QUEUE_SIZE: '50',
    });
    expect(sut.webhooks).toEqual({
      urls: ['https://discord.com/api/webhooks/1/token', 'http://127.0.0.1:9000/hook'],
      secret: 'whsec-0123456789',
      timeoutMs: 2000,
      maxAttempts: 3,
      retryBaseMs: 100,
      queueSize: 50,
    });
  });

  it('should require WEBHOOK_SECRET with WEBHOOK_URLS, listed with the other problems', () => {
    const problems = problemsOf({ WEBHOOK_URLS: 'https://hooks.example/x', API_KEY_VALIDATION_ENABLED: 'true' });
    expect(problems).toContain('WEBHOOK_SECRET is required when WEBHOOK_URLS is set');
    expect(problems).toContain('COORDINATOR_API_KEY is required when API_KEY_VALIDATION_ENABLED=true');
    expect(problemsOf({ WEBHOOK_SECRET: 'unused-without-urls' })).toEqual([]);
  });

  it.each([
    ['ftp://hooks.example/x', 1],
    ['not a url', 1],
    ['https://ok.example/x,file:///etc/passwd', 2],
    ['https://ok.example/x,javascript:alert(1)', 2],
  ])('should refuse WEBHOOK_URLS=%j by position, without echoing it', (urls, position) => {
    const problems = problemsOf({ WEBHOOK_URLS: urls, WEBHOOK_SECRET: 'whsec-0123456789' });
    expect(problems).toEqual([`WEBHOOK_URLS item ${position} must be an http:// or https:// URL with a host`]);
    for (const url of urls.split(',')) {
      expect(problems[0]).not.toContain(url);
    }
  });

  it.each([
    ['WEBHOOK_TIMEOUT_MS', '50'],
    ['WEBHOOK_MAX_ATTEMPTS', '0'],
    ['WEBHOOK_MAX_ATTEMPTS', '11'],
    ['WEBHOOK_RETRY_BASE_MS', '5'],
    ['WEBHOOK_QUEUE_SIZE', '0'],
  ])('should refuse %s=%s', (name, value) => {
    expect(problemsOf({ [name]: value })).toEqual([expect.stringContaining(name)]);
  });
});
