import { Module } from '@nestjs/common';
import { BanList } from './ban-list';
import { BansRepository } from './bans.repository';
import { BansService } from './bans.service';

/**
 * Bans of a peer id or a client address (docs/security.md, "Moderation"): stored in PostgreSQL, held
 * in memory by every node (BanList) for the checks of auth and signaling. Imports only the database
 * (and the base): the moderation module creates and lifts bans, auth and signaling enforce them.
 */
@Module({
  providers: [BanList, BansRepository, BansService],
  exports: [BanList, BansService],
})
export class BansModule {}
