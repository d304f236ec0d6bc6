import { Injectable } from '@nestjs/common';
import { REJECT_REASONS } from '../protocol/frame';
import { counter, gauge, histogram } from '../metrics/metric-factory';

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
  readonly framesAccepted = counter({ name: 'p2p_frames_accepted_total', help: 'P2P2 frames accepted', labelNames: ['type'] });
  readonly framesRejected = counter({ name: 'p2p_frames_rejected_total', help: 'P2P2 frames refused', labelNames: ['reason'] });
  readonly framesRelayed = counter({ name: 'p2p_frames_relayed_total', help: 'Relayed frame copies sent to proximity peers' });
  readonly proximityTick = histogram({
    name: 'p2p_proximity_tick_duration_seconds',
    help: 'Time to recompute the peer lists of one zone',
    buckets: [0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.02, 0.05, 0.1],
  });
  readonly peerListSize = histogram({
    name: 'p2p_proximity_peer_list_size',
    help: 'Peers in a pushed proximity list',
    buckets: [0, 1, 2, 4, 6, 8, 10, 15, 20],
  });

  constructor() {
    for (const reason of REJECT_REASONS) {
      this.framesRejected.inc({ reason }, 0);
    }
  }
}
