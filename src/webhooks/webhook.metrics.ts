import { counter } from '../metrics/metric-factory';

export const WEBHOOK_RESULTS = ['delivered', 'failed', 'dropped'] as const;
export type WebhookResult = (typeof WEBHOOK_RESULTS)[number];

/**
 * Webhook deliveries by result: `delivered` (a 2xx answer), `failed` (one attempt that failed: network
 * error, timeout or another status; it may be retried), `dropped` (given up: queue full, attempts
 * exhausted or the node shutting down). Every delivery ends as exactly one delivered or dropped.
 */
export const webhookDeliveries = counter({
  name: 'p2p_webhook_deliveries_total',
  help: 'Webhook deliveries by result: delivered, failed (an attempt that failed), dropped (given up)',
  labelNames: ['result'],
});
WEBHOOK_RESULTS.forEach((result) => webhookDeliveries.inc({ result }, 0));
