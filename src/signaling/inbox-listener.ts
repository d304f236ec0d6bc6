import { Injectable, Logger } from '@nestjs/common';
import { dispatchNodeMessage, isNodeKind, NodeMessage, NodeMessageHandlers } from '@ro-p2p/contract';
import { InboxMessage, NodeInbox } from '../state/node-inbox.store';
import { ClusterRouter } from './cluster-router';
import { FrameRelay } from './frame-relay';
import { PeerModeration } from './peer-moderation';
import { ProximityService } from './proximity.service';

/**
 * Everything arriving in this node's inbox, each kind to the one service that handles it. The table
 * is typed by the wire contract: a new node message kind does not compile until it is handled here.
 */
@Injectable()
export class InboxListener {
  private readonly logger = new Logger(InboxListener.name);
  private readonly handlers: NodeMessageHandlers;

  constructor(
    private readonly inbox: NodeInbox,
    private readonly router: ClusterRouter,
    proximity: ProximityService,
    frames: FrameRelay,
    moderation: PeerModeration,
  ) {
    this.handlers = {
      session_event: (message) => router.applySessionEvent(message),
      signal: (message) => router.deliverSignal(message),
      signal_failed: (message) => router.signalFailed(message),
      kick: (message) => router.kick(message),
      position_batch: (message) => proximity.applyBatch(message),
      peer_lists: (message) => proximity.applyPeerLists(message),
      proximity_resync: (message) => proximity.resync(message),
      relay: (message) => frames.deliverRelay(message),
      moderation_request: (message) => void moderation.handleRequest(message),
      moderation_reply: (message) => moderation.handleReply(message),
      ban_changed: (message) => moderation.handleBanChanged(message),
    };
  }

  /** Starts receiving this node's messages (and broadcasts); resolves once subscribed. */
  subscribe(): Promise<void> {
    return this.inbox.subscribe(this.router.nodeId, (message) => this.receive(message));
  }

  receive(raw: InboxMessage): void {
    if (typeof raw.packed === 'string') {
      this.receivePacked(raw.kind, raw.packed);
      return;
    }
    if (!isNodeKind(raw.kind)) {
      this.logger.warn(`Ignored unknown inbox message kind "${raw.kind}"`);
      return;
    }
    // Other nodes write these messages from the same contract; the kind was checked above.
    dispatchNodeMessage(raw as NodeMessage, this.handlers);
  }

  /** Packed messages (see NodeInbox.publishEncoded): only relayed signals travel packed. */
  private receivePacked(kind: string, packed: string): void {
    if (kind === 'signal') {
      this.router.deliverPackedSignal(packed);
    } else {
      this.logger.warn(`Ignored unknown packed inbox message kind "${kind}"`);
    }
  }
}
