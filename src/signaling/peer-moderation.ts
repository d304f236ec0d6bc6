import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import type { BanWire, ModeratedPeer, ModerationRequest, NodeMessage } from '@ro-p2p/contract';
import { BanList } from '../bans/ban-list';
import { banRefusal, isActive } from '../bans/ban-rules';
import type { BanRecord, BanSubject } from '../bans/ban.record';
import { NodeRegistryStore } from '../state/node-registry.store';
import { ClusterRouter } from './cluster-router';
import { CLOSE, Connection } from './connection';
import { ConnectionRegistry } from './connection-registry';
import { MovementGuard } from './movement-guard';

/** How long a moderator's request waits for the other nodes' answers (a kick must land within 1 s). */
export const MODERATION_REPLY_MS = 750;

/** What a moderator's search asks for. */
export interface PeerSearch {
  /** Peer ids starting with this. */
  prefix?: string;
  zone?: string;
  minSuspicion?: number;
  limit: number;
}

type Reply = NodeMessage<'moderation_reply'>;

interface Pending {
  readonly replies: Reply[];
  readonly expected: number;
  readonly done: () => void;
}

/** A WebSocket close reason is at most 123 bytes. */
const closeReason = (text: string): string => Buffer.from(text, 'utf8').subarray(0, 120).toString('utf8');

const toWire = (ban: BanRecord): BanWire => ({
  id: ban.id,
  peer_id: ban.peer_id,
  ip: ban.ip,
  reason: ban.reason,
  created_at: ban.created_at.toISOString(),
  expires_at: ban.expires_at?.toISOString() ?? null,
  lifted_at: ban.lifted_at?.toISOString() ?? null,
  created_by: ban.created_by,
});

const fromWire = (ban: BanWire): BanRecord => ({
  ...ban,
  created_at: new Date(ban.created_at),
  expires_at: ban.expires_at === null ? null : new Date(ban.expires_at),
  lifted_at: ban.lifted_at === null ? null : new Date(ban.lifted_at),
});

/**
 * A moderator's reach into every node (docs/security.md, "Moderation"): kicks and bans close the
 * matching connections here and, through a broadcast `moderation_request`, on every other node, which
 * answer how many they closed; a search asks every node for its matching peers the same way; a ban
 * created or lifted is applied to this node's BanList and broadcast as `ban_changed` so every node
 * enforces it at once.
 */
@Injectable()
export class PeerModeration {
  private readonly logger = new Logger(PeerModeration.name);
  private readonly pending = new Map<string, Pending>();

  constructor(
    private readonly registry: ConnectionRegistry,
    private readonly router: ClusterRouter,
    private readonly nodes: NodeRegistryStore,
    private readonly movement: MovementGuard,
    private readonly bans: BanList,
  ) {}

  /**
   * Closes every connection of the peer (or from the address) on every node: an `error` with `code`,
   * then close 4003. Resolves with the number of connections closed, once every live node answered
   * or MODERATION_REPLY_MS passed (a node that does not answer in time is not counted).
   */
  async eject(subject: BanSubject, code: 'KICKED' | 'BANNED', reason: string): Promise<number> {
    const closed = this.ejectHere(subject, code, reason);
    const replies = await this.ask({ op: 'eject', peerId: subject.peerId, ip: subject.ip, code, reason });
    return replies.reduce((sum, reply) => sum + (reply.closed ?? 0), closed);
  }

  /** The connected peers matching the search on every node, most suspicious first, at most `limit`. */
  async search(search: PeerSearch): Promise<ModeratedPeer[]> {
    const here = await this.matchingHere(search);
    const replies = await this.ask({ op: 'search', ...search });
    return [...here, ...replies.flatMap((reply) => reply.peers ?? [])]
      .sort((a, b) => b.suspicion - a.suspicion || a.peer_id.localeCompare(b.peer_id))
      .slice(0, search.limit);
  }

  /** A ban was created or lifted on this node: enforced here now, and on every node by the broadcast. */
  async announceBan(ban: BanRecord): Promise<void> {
    this.applyBan(ban);
    await this.router.broadcast({ kind: 'ban_changed', origin: this.router.nodeId, ban: toWire(ban) });
  }

  /** Inbox: another node's request. */
  async handleRequest(message: NodeMessage<'moderation_request'>): Promise<void> {
    if (message.origin === this.router.nodeId) {
      return; // done directly by the origin
    }
    const reply: Reply = { kind: 'moderation_reply', requestId: message.requestId, node: this.router.nodeId };
    try {
      if (message.op === 'eject') {
        reply.closed = this.ejectHere({ peerId: message.peerId, ip: message.ip }, message.code, message.reason);
      } else {
        reply.peers = await this.matchingHere(message);
      }
    } catch (error) {
      this.logger.error(`Moderation request ${message.op} failed: ${(error as Error).message}`);
    }
    await this.router.publish(message.origin, reply);
  }

  /** Inbox: a node's answer to one of this node's requests. */
  handleReply(message: Reply): void {
    const pending = this.pending.get(message.requestId);
    if (!pending) {
      return;
    }
    pending.replies.push(message);
    if (pending.replies.length >= pending.expected) {
      pending.done();
    }
  }

  /** Inbox: a ban created or lifted on another node. */
  handleBanChanged(message: NodeMessage<'ban_changed'>): void {
    if (message.origin === this.router.nodeId) {
      return;
    }
    if (message.ban) {
      this.applyBan(fromWire(message.ban));
    } else if (message.liftedId !== undefined) {
      this.bans.lift(message.liftedId);
    }
  }

  private applyBan(ban: BanRecord): void {
    this.bans.apply(ban);
    if (isActive(ban, Date.now())) {
      this.ejectHere({ peerId: ban.peer_id ?? undefined, ip: ban.ip ?? undefined }, 'BANNED', ban.reason, ban);
    }
  }

  /** Closes this node's matching connections; how many. */
  private ejectHere(subject: BanSubject, code: 'KICKED' | 'BANNED', reason: string, ban?: BanRecord): number {
    if (subject.peerId === undefined && subject.ip === undefined) {
      return 0;
    }
    const targets: Connection[] = [];
    for (const connection of this.registry.all()) {
      if (
        !connection.closing &&
        ((subject.peerId !== undefined && connection.peerId === subject.peerId) ||
          (subject.ip !== undefined && connection.ip === subject.ip))
      ) {
        targets.push(connection);
      }
    }
    for (const connection of targets) {
      if (code === 'BANNED') {
        connection.sendError('BANNED', ban ? banRefusal(ban).message : `Banned by a moderator: ${reason}`);
      } else {
        connection.sendError('KICKED', `Kicked by a moderator: ${reason}`);
      }
      connection.close(CLOSE.MODERATED, closeReason(reason));
    }
    if (targets.length > 0) {
      this.logger.log(
        `${code === 'KICKED' ? 'Kicked' : 'Banned'} ${subject.peerId ?? subject.ip}: ${targets.length} connection(s) closed`,
      );
    }
    return targets.length;
  }

  /** This node's matching peers; their movement from the connection (no I/O). */
  private async matchingHere(search: PeerSearch): Promise<ModeratedPeer[]> {
    const found: ModeratedPeer[] = [];
    for (const connection of this.registry.all()) {
      const peerId = connection.peerId;
      if (peerId === undefined || connection.closing || this.registry.byPeerId(peerId) !== connection) {
        continue;
      }
      if (search.prefix !== undefined && !peerId.startsWith(search.prefix)) {
        continue;
      }
      const record = connection.moves.record;
      const zone = connection.zoneId ?? record?.zone ?? null;
      if (search.zone !== undefined && zone !== search.zone) {
        continue;
      }
      // A connection that never entered a zone has no movement record: nothing to read elsewhere.
      const view = record ? await this.movement.view(peerId, connection) : undefined;
      const suspicion = view?.suspicion ?? 0;
      if (search.minSuspicion !== undefined && suspicion < search.minSuspicion) {
        continue;
      }
      found.push({
        peer_id: peerId,
        node_id: this.router.nodeId,
        zone,
        session_id: connection.sessionId ?? null,
        address: connection.ip,
        connected_at: new Date(connection.openedAt).toISOString(),
        position: view?.position ?? null,
        suspicion,
      });
    }
    return found.sort((a, b) => b.suspicion - a.suspicion || a.peer_id.localeCompare(b.peer_id)).slice(0, search.limit);
  }

  /** Broadcasts a request and collects the other live nodes' replies (up to MODERATION_REPLY_MS). */
  private async ask(request: ModerationRequest): Promise<Reply[]> {
    let expected: number;
    try {
      expected = (await this.nodes.list()).filter((node) => node.nodeId !== this.router.nodeId).length;
    } catch (error) {
      this.logger.warn(
        `Node registry unreadable; moderation request sent without waiting: ${(error as Error).message}`,
      );
      expected = 0;
    }
    const requestId = randomUUID();
    const replies: Reply[] = [];
    let timer: NodeJS.Timeout | undefined;
    const settled = new Promise<void>((resolve) => {
      this.pending.set(requestId, { replies, expected, done: resolve });
      timer = setTimeout(resolve, expected === 0 ? 0 : MODERATION_REPLY_MS);
    });
    await this.router.broadcast({ kind: 'moderation_request', requestId, origin: this.router.nodeId, ...request });
    await settled;
    clearTimeout(timer);
    this.pending.delete(requestId);
    return replies;
  }
}
