import { Module } from '@nestjs/common';
import { SignalingModule } from '../signaling/signaling.module';
import { AiNpcClient } from './ai-npc.client';
import { NpcPoller } from './npc-poller.service';

/** The optional link to the AI service (AI_SERVICE_ENABLED): NPC lists pushed to zone peers. */
@Module({
  imports: [SignalingModule],
  providers: [AiNpcClient, NpcPoller],
})
export class AiModule {}
