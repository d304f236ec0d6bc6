import { Module } from '@nestjs/common';
import { WebhookPublisher } from './webhook-publisher.service';

/**
 * Event webhooks (docs/operations.md, "Webhooks"). Imported by the modules that publish events;
 * Nest builds one WebhookPublisher, so a node has one delivery queue.
 */
@Module({
  providers: [WebhookPublisher],
  exports: [WebhookPublisher],
})
export class WebhooksModule {}
