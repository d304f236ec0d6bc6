import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { LeaseStore } from '../state/lease.store';
import { WebhookPublisher } from '../webhooks/webhook-publisher.service';
import { NodeFailover } from './node-failover';

/**
 * How long the first announcer keeps a death's lease. Every node that shares a session with the dead
 * one notices within a few failover checks of the others, well inside this; a node id that comes
 * back and dies again after it is announced again.
 */
export const NODE_DOWN_LEASE_MS = 5 * 60_000;

export const nodeDownLease = (deadNode: string): string => `webhook:node-down:${deadNode}`;

/**
 * Sends `node.down` when NodeFailover has reaped a dead node. Every node that shares a session with
 * the dead one reaps it, so the webhook goes out from the one that takes the death's lease (shared
 * through Redis across nodes). Without a lease answer (Redis down) it is sent anyway: a duplicate is
 * better than silence.
 */
@Injectable()
export class NodeDownNotice {
  private readonly logger = new Logger(NodeDownNotice.name);

  constructor(
    failover: NodeFailover,
    private readonly leases: LeaseStore,
    private readonly webhooks: WebhookPublisher,
    private readonly config: AppConfig,
  ) {
    failover.onNodeDown((deadNode, peersLeft, peersHeld) => void this.announce(deadNode, peersLeft, peersHeld));
  }

  /** Resolves once the webhook is queued or skipped; never rejects. */
  async announce(deadNode: string, peersLeft: number, peersHeld = 0): Promise<void> {
    if (!this.webhooks.enabled) {
      return;
    }
    const self = this.config.service.nodeId;
    let first = true;
    try {
      first = await this.leases.acquire(nodeDownLease(deadNode), self, NODE_DOWN_LEASE_MS);
    } catch (error) {
      this.logger.warn(
        `node.down lease for ${deadNode} unavailable (${error instanceof Error ? error.message : String(error)}); sending anyway`,
      );
    }
    if (first) {
      this.webhooks.publish('node.down', {
        node_id: deadNode,
        detected_by: self,
        peers_left: peersLeft,
        peers_held: peersHeld,
      });
    }
  }
}
