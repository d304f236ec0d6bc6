import { randomUUID } from 'node:crypto';
import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import type { WebhookEnvelope, WebhookEvent, WebhookEventData } from './webhook-event';
import { WebhookQueue } from './webhook-queue';
import { signWebhookBody } from './webhook-signature';
import { webhookDeliveries } from './webhook.metrics';

/**
 * Sends events to `WEBHOOK_URLS`. `publish` is synchronous and cheap: it builds and signs the body
 * once, hands one delivery per URL to this node's queue and returns; a slow, failing or dead
 * receiver never delays the request or the message that published. With no URLs it does nothing.
 */
@Injectable()
export class WebhookPublisher implements OnModuleDestroy {
  private readonly logger = new Logger(WebhookPublisher.name);
  private readonly queue?: WebhookQueue;
  private readonly secret: string;

  constructor(private readonly config: AppConfig) {
    const { urls, secret, queueSize, maxAttempts, retryBaseMs, timeoutMs } = config.webhooks;
    this.secret = secret ?? '';
    if (urls.length === 0) {
      return;
    }
    this.queue = new WebhookQueue({
      capacity: queueSize,
      maxAttempts,
      retryBaseMs,
      timeoutMs,
      onResult: (result) => webhookDeliveries.inc({ result }),
      logger: { warn: (message) => this.logger.warn(message), debug: (message) => this.logger.debug(message) },
    });
  }

  /** Whether any URL is configured (publishers may skip building data nobody receives). */
  get enabled(): boolean {
    return this.queue !== undefined;
  }

  /** Queues `event` for every URL; returns at once and never throws. */
  publish<E extends WebhookEvent>(event: E, data: WebhookEventData[E]): void {
    const queue = this.queue;
    if (!queue) {
      return;
    }
    try {
      const envelope: WebhookEnvelope<E> = {
        event,
        at: new Date().toISOString(),
        node_id: this.config.service.nodeId,
        data,
      };
      const body = JSON.stringify(envelope);
      const signature = signWebhookBody(body, this.secret);
      for (const url of this.config.webhooks.urls) {
        queue.enqueue({ id: randomUUID(), url, event, body, signature });
      }
    } catch (error) {
      this.logger.warn(`Webhook ${event} not sent: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** Deliveries this node still holds (0 without URLs). */
  get pending(): number {
    return this.queue?.size ?? 0;
  }

  /** Retry timers stop and attempts in flight are abandoned: nothing outlives the node. */
  onModuleDestroy(): void {
    this.queue?.close();
  }
}
