import type { AppConfig } from './app-config';
import type { ParsedEnv } from './env-spec';

type WebhookConfig = AppConfig['webhooks'];

/**
 * Problems with one WEBHOOK_URLS item, named by its position. The value itself is never echoed: a
 * webhook URL often carries its own credential (Discord and Slack put a token in the path).
 */
function urlProblem(url: string, position: number): string | undefined {
  const problem = `WEBHOOK_URLS item ${position} must be an http:// or https:// URL with a host`;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return problem;
  }
  if ((parsed.protocol !== 'http:' && parsed.protocol !== 'https:') || parsed.hostname === '') {
    return problem;
  }
  return undefined;
}

/** The `webhooks` section: every URL checked, and the secret required as soon as one is set. */
export function webhookConfig(env: ParsedEnv, problems: string[]): WebhookConfig {
  const urls = env.WEBHOOK_URLS;
  urls.forEach((url, index) => {
    const problem = urlProblem(url, index + 1);
    if (problem) {
      problems.push(problem);
    }
  });
  if (urls.length > 0 && env.WEBHOOK_SECRET === undefined) {
    problems.push('WEBHOOK_SECRET is required when WEBHOOK_URLS is set');
  }
  return {
    urls,
    secret: env.WEBHOOK_SECRET,
    timeoutMs: env.WEBHOOK_TIMEOUT_MS,
    maxAttempts: env.WEBHOOK_MAX_ATTEMPTS,
    retryBaseMs: env.WEBHOOK_RETRY_BASE_MS,
    queueSize: env.WEBHOOK_QUEUE_SIZE,
  };
}
