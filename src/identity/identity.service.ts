import { Inject, Injectable, Logger } from '@nestjs/common';
import { AppError } from '../common/errors/app-error';
import { AppConfig } from '../config/app-config';
import { CharacterRowCache } from './character-row-cache';
import {
  charIdOf,
  IdentityRejectReason,
  IdentityVerdict,
  identityVerdict,
  RathenaCharacterRow,
} from './identity-verdict';
import { identityCacheHits, identityChecks } from './identity.metrics';
import { RathenaAccountsRepository } from './rathena-accounts.repository';

/** Milliseconds since the epoch; injected so tests can move time instead of sleeping. */
export type IdentityClock = () => number;
export const IDENTITY_CLOCK = Symbol('IDENTITY_CLOCK');

const REJECT_MESSAGES: Record<IdentityRejectReason, string> = {
  unknown_character: 'Identity refused (unknown_character): rAthena has no character with this peer id',
  banned: 'Identity refused (banned): the account of this character is banned or blocked in rAthena',
  not_online: 'Identity refused (not_online): this character is not in the game',
  address_mismatch: 'Identity refused (address_mismatch): this character is playing from another address',
};

/**
 * "Does rAthena vouch that the player whose character id is `peerId` is really playing, from
 * `clientIp`, and is not banned?" With IDENTITY_VERIFICATION=none every peer id is taken as given.
 *
 * rAthena's answer for a character is reused for IDENTITY_CACHE_SECONDS (both vouching and
 * refusing); an unreachable database is never cached. Concurrent checks of one character share
 * one query.
 */
@Injectable()
export class IdentityService {
  readonly enabled: boolean;
  private readonly logger = new Logger(IdentityService.name);
  private readonly cache: CharacterRowCache;
  private readonly inFlight = new Map<number, Promise<RathenaCharacterRow | undefined>>();
  private unreachable = false;

  constructor(
    config: AppConfig,
    private readonly accounts: RathenaAccountsRepository,
    @Inject(IDENTITY_CLOCK) private readonly clock: IdentityClock,
  ) {
    this.enabled = config.identity.mode === 'rathena';
    this.cache = new CharacterRowCache(config.identity.cacheSeconds * 1000);
  }

  /**
   * Resolves when rAthena vouches for the peer (or verification is off, without any I/O). Throws
   * AppError IDENTITY_REJECTED (403, with `reason`) or IDENTITY_UNAVAILABLE (503).
   */
  async verify(peerId: string, clientIp: string): Promise<void> {
    if (!this.enabled) {
      return;
    }
    let verdict: IdentityVerdict;
    try {
      verdict = await this.verdictFor(peerId, clientIp);
    } catch (error) {
      identityChecks.inc({ result: 'unavailable' });
      throw error;
    }
    identityChecks.inc({ result: verdict });
    if (verdict !== 'ok') {
      throw new AppError('IDENTITY_REJECTED', REJECT_MESSAGES[verdict], undefined, verdict);
    }
  }

  private async verdictFor(peerId: string, clientIp: string): Promise<IdentityVerdict> {
    const charId = charIdOf(peerId);
    if (charId === undefined) {
      return 'unknown_character';
    }
    const row = await this.rowOf(charId);
    return identityVerdict(row, clientIp, Math.floor(this.clock() / 1000));
  }

  private rowOf(charId: number): Promise<RathenaCharacterRow | undefined> {
    const now = this.clock();
    const cached = this.cache.get(charId, now);
    if (cached !== undefined) {
      identityCacheHits.inc();
      return Promise.resolve(cached.row);
    }
    let lookup = this.inFlight.get(charId);
    if (lookup === undefined) {
      lookup = this.lookup(charId, now).finally(() => this.inFlight.delete(charId));
      this.inFlight.set(charId, lookup);
    }
    return lookup;
  }

  private async lookup(charId: number, sentAt: number): Promise<RathenaCharacterRow | undefined> {
    let row: RathenaCharacterRow | undefined;
    try {
      row = await this.accounts.findByCharId(charId);
    } catch (error) {
      this.noteOutage(error);
      throw new AppError(
        'IDENTITY_UNAVAILABLE',
        "rAthena's database is unreachable, so the identity cannot be verified; try again shortly",
      );
    }
    this.noteRecovery();
    this.cache.set(charId, row, sentAt);
    return row;
  }

  /** Once per outage, not once per refused check. */
  private noteOutage(error: unknown): void {
    if (this.unreachable) {
      return;
    }
    this.unreachable = true;
    const cause = error instanceof Error ? error.message : String(error);
    this.logger.warn(
      `rAthena's database is unreachable (${cause}); new identities are refused with IDENTITY_UNAVAILABLE until it answers`,
    );
  }

  private noteRecovery(): void {
    if (!this.unreachable) {
      return;
    }
    this.unreachable = false;
    this.logger.warn("rAthena's database answers again; identities are verified again");
  }
}
