import { Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { BansModule } from '../bans/bans.module';
import { IceModule } from '../ice/ice.module';
import { IdentityModule } from '../identity/identity.module';
import { MapsModule } from '../maps/maps.module';
import { SessionsModule } from '../sessions/sessions.module';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { ZonesModule } from '../zones/zones.module';
import { ClusterRouter } from './cluster-router';
import { ConnectionAdmission } from './connection-admission';
import { ConnectionRegistry } from './connection-registry';
import { NodeDownNotice } from './node-down-notice';
import { NodeFailover } from './node-failover';
import { NoticeBatch } from './notice-batch';
import { PeerClaims } from './peer-claims';
import { PeerLookup } from './peer-lookup';
import { PeerModeration } from './peer-moderation';
import { FrameService } from './frame.service';
import { ProximityService } from './proximity.service';
import { LeaveRecorder } from './leave-recorder';
import { SessionDirectory } from './session-directory';
import { SessionView } from './session-view';
import { SignalingLifecycle } from './signaling-lifecycle.service';
import { SignalingStatsService } from './signaling-stats.service';
import { SignalingController } from './signaling.controller';
import { SignalingGateway } from './signaling.gateway';
import { SignalingMetrics } from './signaling.metrics';
import { TlsListener } from './tls-listener.service';
import { FrameRelay } from './frame-relay';
import { InboundPipeline } from './inbound-pipeline';
import { InboxListener } from './inbox-listener';
import { LiveState } from './live-state.service';
import { MessageDispatcher } from './message-dispatcher';
import { NodeBeat } from './node-beat';
import { NodeDrain } from './node-drain';
import { PingSweeper } from './ping-sweeper';
import { ReconnectGrace } from './reconnect-grace';
import { SessionMembership } from './session-membership.service';
import { SessionRoster } from './session-roster';
import { SignalRelay } from './signal-relay.service';
import { StaleSeats } from './stale-seats';
import { MovementGuard } from './movement-guard';
import { MovementMetrics } from './movement.metrics';
import { ZoneMaps } from './zone-maps';
import { ZoneRelayPolicy } from './zone-relay-policy';
import { ZoneTraffic } from './zone-traffic';

@Module({
  imports: [BansModule, IceModule, IdentityModule, MapsModule, SessionsModule, WebhooksModule, ZonesModule],
  controllers: [SignalingController],
  providers: [
    ClusterRouter,
    ConnectionAdmission,
    FrameRelay,
    InboundPipeline,
    InboxListener,
    LiveState,
    MessageDispatcher,
    MovementGuard,
    MovementMetrics,
    NodeBeat,
    NodeDrain,
    PingSweeper,
    ReconnectGrace,
    SessionMembership,
    SessionRoster,
    SignalRelay,
    StaleSeats,
    ConnectionRegistry,
    FrameService,
    NodeDownNotice,
    NodeFailover,
    {
      provide: NoticeBatch,
      useFactory: (config: AppConfig) => new NoticeBatch(config.ws.noticeBatchMs),
      inject: [AppConfig],
    },
    PeerClaims,
    PeerLookup,
    PeerModeration,
    ProximityService,
    SessionDirectory,
    LeaveRecorder,
    SessionView,
    SignalingGateway,
    SignalingLifecycle,
    SignalingMetrics,
    SignalingStatsService,
    TlsListener,
    ZoneMaps,
    ZoneRelayPolicy,
    ZoneTraffic,
  ],
  exports: [ConnectionRegistry, MovementGuard, PeerLookup, PeerModeration, ProximityService, TlsListener, ZoneTraffic],
})
export class SignalingModule {}
