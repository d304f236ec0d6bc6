import { Injectable } from '@nestjs/common';
import { counter, gauge } from '../metrics/metric-factory';

/** Signaling counters; label sets are small and fixed (types, dialects, reasons, close codes). */
@Injectable()
export class SignalingMetrics {
  readonly connections = gauge({ name: 'p2p_ws_connections', help: 'Open WebSocket connections on this node' });
  readonly connects = counter({ name: 'p2p_ws_connects_total', help: 'WebSocket connections accepted', labelNames: ['dialect'] });
  readonly disconnects = counter({ name: 'p2p_ws_disconnects_total', help: 'WebSocket connections closed', labelNames: ['dialect', 'code'] });
  readonly received = counter({ name: 'p2p_signaling_messages_received_total', help: 'Signaling messages received', labelNames: ['type'] });
  readonly delivered = counter({ name: 'p2p_signaling_messages_delivered_total', help: 'Signaling messages delivered', labelNames: ['type'] });
  readonly deliveryFailures = counter({ name: 'p2p_signaling_delivery_failures_total', help: 'Signals that could not be delivered', labelNames: ['reason'] });
  readonly crossNode = counter({ name: 'p2p_signaling_cross_node_deliveries_total', help: 'Signals handed to another node' });
  readonly rejected = counter({ name: 'p2p_signaling_messages_rejected_total', help: 'Inbound messages refused', labelNames: ['reason'] });
  readonly redisErrors = counter({ name: 'p2p_redis_errors_total', help: 'Redis operations that failed' });
}
