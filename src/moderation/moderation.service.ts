import { Injectable } from '@nestjs/common';
import { AuditTrail } from '../audit/audit-trail.service';
import type { AuditRecord } from '../audit/audit.record';
import type { BanRecord } from '../bans/ban.record';
import { banTarget, isActive } from '../bans/ban-rules';
import { BansService } from '../bans/bans.service';
import { AppError } from '../common/errors/app-error';
import { PeerLookup } from '../signaling/peer-lookup';
import { PeerModeration } from '../signaling/peer-moderation';
import { WebhookPublisher } from '../webhooks/webhook-publisher.service';
import {
  AuditQueryDto,
  CreateBanRequestDto,
  DEFAULT_LIMIT,
  KickRequestDto,
  ListBansQueryDto,
  SearchPeersQueryDto,
} from './dto/moderation-requests.dto';
import {
  AuditEntryDto,
  BanResponseDto,
  KickResponseDto,
  ModeratedPeerDto,
  PeerSearchResultDto,
} from './dto/moderation-responses.dto';

/**
 * The moderation API (docs/security.md, "Moderation"): a peer's live state, the search, kicks, bans
 * and their lifting, the audit trail. Every action is recorded with its actor and announced to the
 * webhooks.
 */
@Injectable()
export class ModerationService {
  constructor(
    private readonly lookup: PeerLookup,
    private readonly peers: PeerModeration,
    private readonly bans: BansService,
    private readonly audit: AuditTrail,
    private readonly webhooks: WebhookPublisher,
  ) {}

  async peer(peerId: string): Promise<ModeratedPeerDto> {
    const live = await this.lookup.find(peerId);
    const ban = this.bans.activeFor(peerId);
    if (!live.online && !live.movement && !ban && !(await this.bans.everBanned(peerId))) {
      throw new AppError('PEER_NOT_FOUND', `Peer not found: ${peerId}`);
    }
    return {
      peer_id: peerId,
      online: live.online,
      node_id: live.node_id,
      zone: live.zone,
      session_id: live.session_id,
      position: live.movement?.position ?? null,
      address: live.address,
      connected_at: live.connected_at,
      suspicion: live.movement?.suspicion ?? 0,
      rejections: { ...(live.movement?.rejections ?? {}) },
      banned: ban !== undefined,
    };
  }

  search(query: SearchPeersQueryDto): Promise<PeerSearchResultDto[]> {
    return this.peers.search({
      prefix: query.query,
      zone: query.zone,
      minSuspicion: query.min_suspicion,
      limit: query.limit ?? DEFAULT_LIMIT,
    });
  }

  async kick(body: KickRequestDto, actor: string): Promise<KickResponseDto> {
    const kicked = await this.peers.eject({ peerId: body.peer_id }, 'KICKED', body.reason);
    await this.audit.record({
      actor,
      action: 'peer.kick',
      target: body.peer_id,
      reason: body.reason,
      details: { kicked },
    });
    this.webhooks.publish('peer.kicked', { peer_id: body.peer_id, reason: body.reason, kicked, actor });
    return { kicked };
  }

  async ban(body: CreateBanRequestDto, actor: string): Promise<BanResponseDto> {
    const target = banTarget(body);
    const ban = await this.bans.create({
      target,
      reason: body.reason,
      durationSeconds: body.duration_seconds,
      createdBy: actor,
    });
    await this.peers.announceBan(ban);
    await this.audit.record({
      actor,
      action: 'ban.create',
      target: ban.peer_id ?? ban.ip,
      reason: ban.reason,
      details: { ban_id: ban.id, expires_at: ban.expires_at?.toISOString() ?? null },
    });
    if (ban.peer_id !== null) {
      this.webhooks.publish('peer.banned', {
        peer_id: ban.peer_id,
        reason: ban.reason,
        ban_id: ban.id,
        expires_at: ban.expires_at?.toISOString() ?? null,
        actor,
      });
    }
    return toBanResponse(ban);
  }

  async bansList(query: ListBansQueryDto): Promise<BanResponseDto[]> {
    return (await this.bans.list(query.all ?? false, query.limit ?? DEFAULT_LIMIT)).map(toBanResponse);
  }

  async lift(id: string, actor: string): Promise<BanResponseDto> {
    const ban = await this.bans.lift(id, actor);
    await this.peers.announceBan(ban);
    await this.audit.record({
      actor,
      action: 'ban.lift',
      target: ban.peer_id ?? ban.ip,
      reason: null,
      details: { ban_id: ban.id },
    });
    if (ban.peer_id !== null) {
      this.webhooks.publish('peer.unbanned', { peer_id: ban.peer_id, ban_id: ban.id, actor });
    }
    return toBanResponse(ban);
  }

  async auditTrail(query: AuditQueryDto): Promise<AuditEntryDto[]> {
    const before = query.before;
    const at = before !== undefined && !/^\d+$/.test(before) ? new Date(before) : undefined;
    if (at !== undefined && Number.isNaN(at.getTime())) {
      throw new AppError('VALIDATION_FAILED', 'Invalid request: before is not a valid time', [
        { field: 'before', message: 'before must be an entry id or an ISO 8601 time' },
      ]);
    }
    const cursor = before === undefined ? undefined : at !== undefined ? { at } : { id: before };
    return (await this.audit.list(query.limit ?? DEFAULT_LIMIT, cursor)).map(toAuditEntry);
  }
}

function toBanResponse(ban: BanRecord): BanResponseDto {
  return {
    id: ban.id,
    peer_id: ban.peer_id,
    ip: ban.ip,
    reason: ban.reason,
    created_at: ban.created_at.toISOString(),
    expires_at: ban.expires_at?.toISOString() ?? null,
    lifted_at: ban.lifted_at?.toISOString() ?? null,
    active: isActive(ban, Date.now()),
    created_by: ban.created_by,
  };
}

function toAuditEntry(entry: AuditRecord): AuditEntryDto {
  return {
    id: entry.id,
    at: entry.at.toISOString(),
    actor: entry.actor,
    action: entry.action,
    target: entry.target,
    reason: entry.reason,
    details: entry.details,
  };
}
