import { envVar } from '../env-var';

/** Webhook variables (see env-spec.ts): where moderation and operations events are POSTed. */
export const WEBHOOKS_ENV = {
  WEBHOOK_URLS: envVar.list({
    default: [],
    secret: true,
    description:
      'Comma-separated `http://` or `https://` URLs that receive event webhooks (`peer.suspicious`, `zone.updated`, `node.down`, …; see docs/operations.md). Empty: no webhooks. Never echoed (a URL may carry a token).',
  }),
  WEBHOOK_SECRET: envVar.string({
    default: undefined,
    secret: true,
    description:
      'Key of the `X-P2PC-Signature` HMAC-SHA256 over each webhook body. Required with `WEBHOOK_URLS`; never logged.',
  }),
  WEBHOOK_TIMEOUT_MS: envVar.int({
    default: 5000,
    min: 100,
    max: 60000,
    description: 'Bound on one webhook attempt; past it the attempt counts as failed and is retried.',
  }),
  WEBHOOK_MAX_ATTEMPTS: envVar.int({
    default: 5,
    min: 1,
    max: 10,
    description: 'Attempts per webhook delivery (the first and its retries) before it is dropped.',
  }),
  WEBHOOK_RETRY_BASE_MS: envVar.int({
    default: 5000,
    min: 10,
    max: 60000,
    description:
      'Wait before the first retry; each further retry waits twice as long (5 s, 10 s, 20 s, 40 s by default: about 100 s in all with the timeouts).',
  }),
  WEBHOOK_QUEUE_SIZE: envVar.int({
    default: 1000,
    min: 1,
    max: 100000,
    description: 'Deliveries a node holds (waiting, sending or between retries); past it new ones are dropped.',
  }),
};
