import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AppError } from '../common/errors/app-error';
import type { BanRecord } from './ban.record';
import { BanList } from './ban-list';
import { BanTarget } from './ban-rules';
import { BansRepository } from './bans.repository';

export interface NewBan {
  target: BanTarget;
  reason: string;
  /** Undefined: permanent. */
  durationSeconds?: number;
  createdBy: string;
}

/** Bans in PostgreSQL and in this node's BanList; other nodes learn of a change by the caller's broadcast. */
@Injectable()
export class BansService {
  constructor(
    private readonly repository: BansRepository,
    private readonly banList: BanList,
  ) {}

  async create(ban: NewBan): Promise<BanRecord> {
    const record = await this.repository.insert({
      id: randomUUID(),
      peer_id: ban.target.peerId ?? null,
      ip: ban.target.ip ?? null,
      reason: ban.reason,
      expires_at: ban.durationSeconds === undefined ? null : new Date(Date.now() + ban.durationSeconds * 1000),
      created_by: ban.createdBy,
    });
    this.banList.apply(record);
    return record;
  }

  /** The bans in force (from PostgreSQL), or every ban ever made with `all`, newest first. */
  async list(all: boolean, limit: number): Promise<BanRecord[]> {
    return all ? this.repository.all(limit) : (await this.repository.active()).slice(0, limit);
  }

  /** Lifts a ban (a lifted one stays lifted); 404 BAN_NOT_FOUND when the id is unknown. */
  async lift(id: string, by: string): Promise<BanRecord> {
    const ban = await this.repository.lift(id, by);
    if (!ban) {
      throw new AppError('BAN_NOT_FOUND', `Ban not found: ${id}`);
    }
    this.banList.apply(ban);
    return ban;
  }

  /** The ban in force on this peer id, from memory. */
  activeFor(peerId: string): BanRecord | undefined {
    return this.banList.find({ peerId });
  }

  /** Whether any ban, even lifted or expired, ever named this peer id. */
  everBanned(peerId: string): Promise<boolean> {
    return this.repository.existsFor(peerId);
  }
}
