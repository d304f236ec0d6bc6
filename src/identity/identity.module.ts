import { Module } from '@nestjs/common';
import { IDENTITY_CLOCK, IdentityService } from './identity.service';
import { RathenaAccountsRepository } from './rathena-accounts.repository';

/**
 * Proven identity (IDENTITY_VERIFICATION=rathena): rAthena's own database vouches for a peer id.
 * Other modules use IdentityService only; the repository is the module's own.
 */
@Module({
  providers: [IdentityService, RathenaAccountsRepository, { provide: IDENTITY_CLOCK, useValue: Date.now }],
  exports: [IdentityService],
})
export class IdentityModule {}
