import { Dialect, PacketType } from '@ro-p2p/contract';
import { CoordinatorClient } from '../coordinator-client';
import { SessionResolver } from './session-resolver';
import { SimulationStats } from './stats';
import { Cell, Random, World, directionOf, stepToward } from './world';

/** RO's default walk speed: 150 ms per cell. */
export const WALK_SPEED_MS = 150;
/** The client reports positions at most 5 times a second. */
const MIN_REPORT_INTERVAL_MS = 200;
/** The larger id waits this long for the smaller id's offer before offering itself (avoids glare). */
const OFFER_YIELD_MS = 500;

export interface PlayerContext {
  world: World;
  random: Random;
  stats: SimulationStats;
  resolver: SessionResolver;
  auth: boolean;
}

const fakeSdp = (kind: string, id: string): string =>
  `v=0\r\no=- ${Date.now()} 2 IN IP4 127.0.0.1\r\ns=${kind}-${id}\r\nt=0 0\r\n`;

/**
 * One simulated player: a CoordinatorClient that walks like the game client, signals with the
 * peers that come into view and sends relay frames. Its connection, position and zone are its
 * own; the run loop calls `tick` and the churn scheduler calls `rejoin` / `changeZone`.
 */
export class SimPlayer {
  readonly client: CoordinatorClient;
  zone: string;
  active = false;
  private position: Cell = { x: 0, y: 0 };
  private target: Cell = { x: 0, y: 0 };
  private readonly spot: number | undefined;
  private readonly stepMs: number;
  private nextStepAt = 0;
  private lastReportAt = 0;
  private moved = false;
  private readonly offersInFlight = new Map<string, number>();
  private readonly exchanged = new Set<string>();

  constructor(
    url: string,
    readonly peerId: string,
    readonly dialect: Dialect,
    zone: string,
    reconnectBaseMs: number,
    apiKey: string | undefined,
    private readonly ctx: PlayerContext,
  ) {
    this.zone = zone;
    this.spot = ctx.world.assignSpot();
    // A real client reports a step every 150-200 ms depending on lag and frame timing.
    this.stepMs = WALK_SPEED_MS + Math.floor(ctx.random() * 51);
    this.client = new CoordinatorClient({ url, peerId, dialect, apiKey, reconnect: { baseMs: reconnectBaseMs } });
    this.wire();
  }

  /** Token (with --auth), socket, join. */
  async start(): Promise<void> {
    if (this.ctx.auth && !this.client.api.accessToken) {
      await this.client.api.requestToken(
        this.dialect === 'dll' ? { shape: 'dll', peerId: this.peerId } : { shape: 'reference', playerId: this.peerId },
      );
    }
    await this.client.connect();
    await this.enter(this.zone);
  }

  /** Leaves (closes the socket, as the DLL does) and comes back later through `start`. */
  async leave(): Promise<void> {
    this.active = false;
    this.ctx.stats.leaves += 1;
    await this.client.close();
  }

  async changeZone(zone: string): Promise<void> {
    this.active = false;
    this.zone = zone;
    await this.enter(zone);
    this.ctx.stats.zoneChanges += 1;
  }

  /** Called by the run loop every few tens of ms. */
  tick(now: number, dtMs: number, relayRate: number): void {
    if (!this.active || !this.client.connected) {
      return;
    }
    if (now >= this.nextStepAt) {
      this.nextStepAt = now + this.stepMs;
      this.step();
    }
    if (this.moved && now - this.lastReportAt >= MIN_REPORT_INTERVAL_MS) {
      this.lastReportAt = now;
      this.moved = false;
      const direction = directionOf(this.target.x - this.position.x, this.target.y - this.position.y);
      this.client.sendPosition(this.position.x, this.position.y, { direction, walkSpeedMs: WALK_SPEED_MS });
    }
    if (relayRate > 0 && this.ctx.random() < (relayRate * dtMs) / 1000) {
      const emote = this.ctx.random() < 0.5;
      const payload = emote ? Buffer.from([Math.floor(this.ctx.random() * 80)]) : Buffer.from(`hi from ${this.peerId}`);
      this.client.sendRelay(emote ? PacketType.VISUAL_EFFECT : PacketType.CHAT_MESSAGE, payload);
    }
  }

  private async enter(zone: string): Promise<void> {
    const sessionId = this.dialect === 'dll' ? undefined : await this.ctx.resolver.sessionFor(zone);
    try {
      await this.client.join(sessionId === undefined ? { zone } : { sessionId });
    } catch (error) {
      if (sessionId !== undefined) {
        this.ctx.resolver.invalidate(zone, sessionId);
      }
      throw error;
    }
    this.offersInFlight.clear();
    this.exchanged.clear();
    this.position = this.ctx.world.spawn(this.spot);
    this.target = this.ctx.world.destination(this.position, this.spot);
    this.moved = true;
    this.lastReportAt = 0;
    this.active = true;
  }

  private step(): void {
    if (this.position.x === this.target.x && this.position.y === this.target.y) {
      // Players linger at a destination now and then (talking to an NPC, opening a shop).
      if (this.ctx.random() < 0.3) {
        this.target = this.ctx.world.destination(this.position, this.spot);
      }
      return;
    }
    this.position = this.ctx.world.clamp(stepToward(this.position, this.target));
    this.moved = true;
  }

  private wire(): void {
    const { client, ctx } = this;
    client.on('session', () => ctx.stats.joined(this.peerId));
    client.on('reconnecting', () => (ctx.stats.reconnects += 1));
    client.on('error', (error) => ctx.stats.error(error.reason ? `${error.code}:${error.reason}` : error.code));
    client.on('relayed', () => (ctx.stats.relayFramesDelivered += 1));
    client.on('peerList', (event) => {
      ctx.stats.peerListUpdates += 1;
      for (const entry of event.added) {
        this.peerAppeared(entry.peerId);
      }
    });
    client.on('signal', (signal) => {
      if (signal.kind === 'offer') {
        this.exchanged.add(signal.from);
        client.sendAnswer(signal.from, fakeSdp('answer', this.peerId));
        client.sendIceCandidate(
          signal.from,
          `candidate:1 1 udp 2122260223 127.0.0.1 ${40000 + Math.floor(ctx.random() * 20000)} typ host`,
        );
      } else if (signal.kind === 'answer') {
        const sentAt = this.offersInFlight.get(signal.from);
        if (sentAt !== undefined) {
          this.offersInFlight.delete(signal.from);
          ctx.stats.signalRoundTrip(performance.now() - sentAt);
        }
      }
    });
  }

  private peerAppeared(peerId: string): void {
    if (this.exchanged.has(peerId)) {
      return;
    }
    const offer = (): void => {
      if (this.active && !this.exchanged.has(peerId) && this.client.peers.has(peerId)) {
        this.exchanged.add(peerId);
        this.offersInFlight.set(peerId, performance.now());
        this.client.sendOffer(peerId, fakeSdp('offer', this.peerId));
      }
    };
    if (this.peerId < peerId) {
      offer();
    } else {
      setTimeout(offer, OFFER_YIELD_MS).unref();
    }
  }
}
