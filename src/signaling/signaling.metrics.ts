import { Injectable } from '@nestjs/common';
import { framesAccepted, framesRejected, framesRelayed, peerListSize, proximityTick } from '../metrics/frame.metrics';
import { counter, gauge, histogram } from '../metrics/metric-factory';
import { redisErrors } from '../metrics/ops.metrics';
import { TalliedCounter } from '../metrics/tallied-counter';

/**
 * Where an unexpected exception was caught: the socket's message (and pong) listener, a binary
 * frame, handleConnection, handleDisconnect, or a connection's queued async work.
 */
export const HANDLER_STAGES = ['message', 'frame', 'connect', 'disconnect', 'queue'] as const;
export type HandlerStage = (typeof HANDLER_STAGES)[number];

/** Signaling counters; label sets are small and fixed (types, dialects, reasons, close codes). */
@Injectable()
export class SignalingMetrics {
  readonly connections = gauge({ name: 'p2p_ws_connections', help: 'Open WebSocket connections on this node' });
  readonly connects = counter({
    name: 'p2p_ws_connects_total',
    help: 'WebSocket connections accepted',
    labelNames: ['dialect'],
  });
  readonly disconnects = counter({
    name: 'p2p_ws_disconnects_total',
    help: 'WebSocket connections closed',
    labelNames: ['dialect', 'code'],
  });
  /** Counted per message, so tallied and handed to prom-client on collect (see TalliedCounter). */
  readonly received = TalliedCounter.named(
    'p2p_signaling_messages_received_total',
    'Signaling messages received',
    'type',
  );
  readonly delivered = TalliedCounter.named(
    'p2p_signaling_messages_delivered_total',
    'Signaling messages delivered',
    'type',
  );
  readonly deliveryFailures = counter({
    name: 'p2p_signaling_delivery_failures_total',
    help: 'Signals that could not be delivered',
    labelNames: ['reason'],
  });
  readonly deliveryLatency = histogram({
    name: 'p2p_signaling_delivery_duration_seconds',
    help: 'From handling a signal to handing it to the target socket or the target node inbox',
    labelNames: ['route'],
    buckets: [0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
  });
  readonly crossNode = counter({
    name: 'p2p_signaling_cross_node_deliveries_total',
    help: 'Signals handed to another node',
  });
  readonly rejected = counter({
    name: 'p2p_signaling_messages_rejected_total',
    help: 'Inbound messages refused',
    labelNames: ['reason'],
  });
  /**
   * Exceptions no handler expected (a bug, never bad input): each closed its socket with 1011. Every
   * stage is created at 0 so an alert on any increase has a series to watch.
   */
  readonly handlerFailures = counter({
    name: 'p2p_ws_handler_failures_total',
    help: 'Unexpected exceptions in WebSocket handlers; each closed its socket with 1011',
    labelNames: ['stage'],
  });
  /** Reconnection grace: seats held for a dropped peer, resumed by it, freed when it did not come back. */
  readonly graceHeld = counter({
    name: 'p2p_reconnect_grace_held_total',
    help: 'Seats held for a peer whose connection dropped (RECONNECT_GRACE_SECONDS)',
  });
  readonly graceResumed = counter({
    name: 'p2p_reconnect_grace_resumed_total',
    help: 'Held seats taken back by their peer within the grace',
  });
  readonly graceExpired = counter({
    name: 'p2p_reconnect_grace_expired_total',
    help: 'Held seats freed because their peer did not come back within the grace',
  });
  readonly redisErrors = redisErrors;
  readonly framesAccepted = framesAccepted;
  readonly framesRejected = framesRejected;
  readonly framesRelayed = framesRelayed;
  readonly proximityTick = proximityTick;
  readonly peerListSize = peerListSize;

  /** Bound once: observe() with a label object allocates a closure and validates the labels per call. */
  private readonly latencyByRoute = {
    local: this.deliveryLatency.labels('local'),
    remote: this.deliveryLatency.labels('remote'),
  };

  constructor() {
    for (const stage of HANDLER_STAGES) {
      this.handlerFailures.inc({ stage }, 0);
    }
  }

  /** One delivered signal: its count and how long delivery took since `startedMs` (performance.now()). */
  recordDelivery(type: string, startedMs: number, route: 'local' | 'remote'): void {
    this.delivered.inc(type);
    this.latencyByRoute[route].observe((performance.now() - startedMs) / 1000);
  }
}
