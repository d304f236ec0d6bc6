import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { Dialect } from '../protocol/signaling-messages';
import { encodeOutbound } from '../protocol/signaling-outbound';
import { ConnectionRegistry } from '../signaling/connection-registry';
import { AiNpcClient, Npc } from './ai-npc.client';
import { aiNpcRequests } from './ai.metrics';

/** A zone that keeps failing is logged at most this often. */
const LOG_EVERY_MS = 60_000;

/**
 * With AI_SERVICE_ENABLED, asks the AI service every AI_NPC_POLL_SECONDS for the NPCs of each zone
 * that has connected peers on this node, and pushes `npc_update {zone, npcs}` to those peers.
 * Each node polls for its own peers only, so a cluster needs no coordination and a zone nobody
 * plays costs nothing. Zones are polled independently: a slow zone skips its own next rounds
 * while its request is in flight and never holds up the others.
 */
@Injectable()
export class NpcPoller implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(NpcPoller.name);
  private readonly inFlight = new Set<string>();
  private readonly lastLogged = new Map<string, number>();
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly config: AppConfig,
    private readonly registry: ConnectionRegistry,
    private readonly client: AiNpcClient,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.ai.enabled) {
      return;
    }
    this.timer = setInterval(() => this.pollAll(), this.config.ai.npcPollSeconds * 1000);
    this.timer.unref();
    this.logger.log(`Polling the AI service for NPCs every ${this.config.ai.npcPollSeconds} s`);
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  /** One round: starts a request per active zone that has none in flight. Returns those started. */
  pollAll(): Promise<void>[] {
    const started: Promise<void>[] = [];
    for (const zone of this.activeZones()) {
      if (!this.inFlight.has(zone)) {
        started.push(this.poll(zone));
      }
    }
    return started;
  }

  /** Zones with at least one identified peer on this node. */
  activeZones(): Set<string> {
    const zones = new Set<string>();
    for (const connection of this.registry.all()) {
      if (connection.peerId && connection.zoneId) {
        zones.add(connection.zoneId);
      }
    }
    return zones;
  }

  private async poll(zone: string): Promise<void> {
    this.inFlight.add(zone);
    try {
      const result = await this.client.fetchNpcs(zone);
      aiNpcRequests.inc({ outcome: result.outcome });
      if (result.outcome === 'ok') {
        this.lastLogged.delete(zone);
        this.push(zone, result.npcs);
      } else {
        this.reportFailure(zone, `${result.outcome}: ${result.detail}`);
      }
    } finally {
      this.inFlight.delete(zone);
    }
  }

  /** Sends the update to the zone's peers here, encoded once per dialect. */
  private push(zone: string, npcs: Npc[]): void {
    const encoded = new Map<Dialect, string>();
    for (const connection of this.registry.all()) {
      if (!connection.peerId || connection.zoneId !== zone) {
        continue;
      }
      let message = encoded.get(connection.dialect);
      if (message === undefined) {
        message = encodeOutbound('npc_update', connection.dialect, { zone, npcs });
        encoded.set(connection.dialect, message);
      }
      connection.sendRaw(message);
    }
  }

  private reportFailure(zone: string, detail: string): void {
    const now = Date.now();
    const last = this.lastLogged.get(zone);
    if (last !== undefined && now - last < LOG_EVERY_MS) {
      return;
    }
    this.lastLogged.set(zone, now);
    this.logger.warn(`AI service NPC request for zone ${zone} failed (${detail}); peers keep their last NPC list`);
  }
}
