import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { MembershipStore } from '../state/membership.store';
import { PresenceStore } from '../state/presence.store';
import { SeatHoldStore } from '../state/seat-hold.store';
import { SignalingMetrics } from './signaling.metrics';
import { LIVE_TTL_MS } from './signaling.timing';
import { StaleSeats } from './stale-seats';

/** Expired holds freed per store call; a sweep keeps calling while calls come back full. */
const SWEEP_BATCH = 200;

/**
 * The reconnection grace (RECONNECT_GRACE_SECONDS): a peer whose connection dropped keeps its seat
 * — its live membership and its row in PostgreSQL — and nobody is told it left. Back with the same
 * identity on any node, its join finds it a member already and is announced only as a new route
 * (no `peer_left`/`peer_joined`); not back in time, any node's sweep frees the seat and the members
 * are told then. Holds live in the shared SeatHoldStore, so a hold made by a node that then stops
 * (a drain, a crash noticed by another node) is still freed by the others.
 */
@Injectable()
export class ReconnectGrace {
  private readonly logger = new Logger(ReconnectGrace.name);
  readonly graceMs: number;

  constructor(
    config: AppConfig,
    private readonly holds: SeatHoldStore,
    private readonly membership: MembershipStore,
    private readonly presence: PresenceStore,
    private readonly seats: StaleSeats,
    private readonly metrics: SignalingMetrics,
  ) {
    this.graceMs = config.ws.reconnectGraceMs;
  }

  get enabled(): boolean {
    return this.graceMs > 0;
  }

  /**
   * Keeps the peer's seat until `since` + the grace. The live membership is extended past the
   * deadline so it cannot expire under the hold (no node refreshes it while the peer is away).
   */
  async hold(peerId: string, sessionId: string, since = Date.now()): Promise<void> {
    const deadline = since + this.graceMs;
    await this.holds.hold(peerId, sessionId, deadline);
    await this.membership.refresh([peerId], Math.max(deadline - Date.now(), 0) + LIVE_TTL_MS);
    this.metrics.graceHeld.inc();
  }

  /** The peer sits in its session again: its hold, if any, is released. */
  async resumed(peerId: string): Promise<void> {
    if (this.enabled && (await this.holds.release(peerId))) {
      this.metrics.graceResumed.inc();
    }
  }

  /** Frees the seats whose grace ran out (any node may run this; each hold is taken once). */
  async sweep(now = Date.now()): Promise<number> {
    if (!this.enabled) {
      return 0;
    }
    let freed = 0;
    for (;;) {
      const expired = await this.holds.takeExpired(now, SWEEP_BATCH);
      for (const { peerId, sessionId } of expired) {
        // Back on a connection that has not joined yet: that connection now owns the seat (its join
        // resumes it; its close holds or frees it again).
        if (await this.presence.get(peerId)) {
          continue;
        }
        if (await this.seats.leaveFromAnywhere(peerId, sessionId)) {
          freed += 1;
        }
      }
      if (expired.length < SWEEP_BATCH) {
        break;
      }
    }
    if (freed > 0) {
      this.metrics.graceExpired.inc(freed);
      this.logger.log(`Reconnection grace ran out for ${freed} peer(s); their seats are free`);
    }
    return freed;
  }
}
