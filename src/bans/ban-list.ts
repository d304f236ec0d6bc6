import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import type { BanRecord, BanSubject } from './ban.record';
import { isActive } from './ban-rules';
import { BansRepository } from './bans.repository';

/** How often each node reloads the active bans from PostgreSQL, besides the broadcasts: a safety net. */
export const BAN_REFRESH_MS = 30_000;

/** Where the list loads from (the repository; tests pass their own). */
export interface BanSource {
  active(): Promise<BanRecord[]>;
}

/**
 * This node's copy of the bans in force, checked on every token issuance, refresh, Bearer request and
 * WebSocket admission without any I/O. Loaded at start-up, changed at once by the node that creates or
 * lifts a ban and by the `ban_changed` broadcast, and reloaded every 30 s. Expiry is judged by time on
 * every check, so an expired ban stops applying by itself whatever the reload does.
 */
@Injectable()
export class BanList implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(BanList.name);
  private byId = new Map<string, BanRecord>();
  private byPeer = new Map<string, BanRecord[]>();
  private byIp = new Map<string, BanRecord[]>();
  /** Ids changed by `apply` while a reload was in flight: the reload must not undo them. */
  private changedDuringReload?: Map<string, BanRecord>;
  private timer?: NodeJS.Timeout;

  constructor(@Inject(BansRepository) private readonly source: BanSource) {}

  async onModuleInit(): Promise<void> {
    await this.reload();
    this.timer = setInterval(() => void this.reload(), BAN_REFRESH_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  /** The ban in force on the peer id or the address at `now`, if any (the peer id's first). */
  find(subject: BanSubject, now = Date.now()): BanRecord | undefined {
    const candidates = [
      ...(subject.peerId === undefined ? [] : (this.byPeer.get(subject.peerId) ?? [])),
      ...(subject.ip === undefined ? [] : (this.byIp.get(subject.ip) ?? [])),
    ];
    return candidates.find((ban) => isActive(ban, now));
  }

  isBanned(subject: BanSubject, now = Date.now()): boolean {
    return this.find(subject, now) !== undefined;
  }

  /** The bans in force at `now`. */
  active(now = Date.now()): BanRecord[] {
    return [...this.byId.values()].filter((ban) => isActive(ban, now));
  }

  /** A ban created or changed (lifted: `lifted_at` set), from this node or a broadcast. */
  apply(ban: BanRecord): void {
    this.changedDuringReload?.set(ban.id, ban);
    const all = new Map(this.byId);
    all.set(ban.id, ban);
    this.index(all);
  }

  /** A ban lifted, by id (when only the id is known). */
  lift(id: string, at = new Date()): void {
    const ban = this.byId.get(id);
    if (ban) {
      this.apply({ ...ban, lifted_at: at });
    }
  }

  /** Replaces the list with the store's active bans; keeps the old list when the store fails. */
  async reload(): Promise<void> {
    const changed = new Map<string, BanRecord>();
    this.changedDuringReload = changed;
    try {
      const loaded = new Map((await this.source.active()).map((ban) => [ban.id, ban]));
      for (const [id, ban] of changed) {
        loaded.set(id, ban);
      }
      this.index(loaded);
    } catch (error) {
      this.logger.warn(`Bans not reloaded (the previous list stays in force): ${(error as Error).message}`);
    } finally {
      if (this.changedDuringReload === changed) {
        this.changedDuringReload = undefined;
      }
    }
  }

  private index(all: Map<string, BanRecord>): void {
    const now = Date.now();
    const byPeer = new Map<string, BanRecord[]>();
    const byIp = new Map<string, BanRecord[]>();
    for (const [id, ban] of all) {
      if (!isActive(ban, now)) {
        all.delete(id);
        continue;
      }
      if (ban.peer_id !== null) {
        byPeer.set(ban.peer_id, [...(byPeer.get(ban.peer_id) ?? []), ban]);
      }
      if (ban.ip !== null) {
        byIp.set(ban.ip, [...(byIp.get(ban.ip) ?? []), ban]);
      }
    }
    this.byId = all;
    this.byPeer = byPeer;
    this.byIp = byIp;
  }
}
