import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { BansModule } from '../bans/bans.module';
import { SignalingModule } from '../signaling/signaling.module';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { ModerationController } from './moderation.controller';
import { ModerationService } from './moderation.service';

/** The moderation API under /api/v1/moderation (admin only): peers, kicks, bans, the audit trail. */
@Module({
  imports: [AuditModule, BansModule, SignalingModule, WebhooksModule],
  controllers: [ModerationController],
  providers: [ModerationService],
})
export class ModerationModule {}
