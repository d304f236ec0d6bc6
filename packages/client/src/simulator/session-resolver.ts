import { CoordinatorApi } from '../coordinator-api';

/**
 * Reference-dialect players join a session by id, so someone must know one. Like the earlier
 * coordinator's clients, we look for an active session of the zone with room and, failing that,
 * register a simulated host and open a session on it. One lookup per zone is shared by every
 * player asking at the same time.
 */
export class SessionResolver {
  private readonly cache = new Map<string, Promise<string>>();

  constructor(
    private readonly api: CoordinatorApi,
    private readonly runId: string,
  ) {}

  sessionFor(zone: string): Promise<string> {
    let pending = this.cache.get(zone);
    if (!pending) {
      pending = this.find(zone);
      pending.catch(() => this.cache.delete(zone));
      this.cache.set(zone, pending);
    }
    return pending;
  }

  /** The session turned out full or gone: the next caller looks again. */
  invalidate(zone: string, sessionId: string): void {
    void this.cache.get(zone)?.then(
      (cached) => {
        if (cached === sessionId) {
          this.cache.delete(zone);
        }
      },
      () => undefined,
    );
  }

  private async find(zone: string): Promise<string> {
    const sessions = await this.api.activeSessionsInZone(zone);
    const open = sessions
      .filter(
        (session) =>
          session.status !== 'ended' && session.status !== 'failed' && session.current_players < session.max_players,
      )
      .sort((a, b) => b.max_players - b.current_players - (a.max_players - a.current_players))[0];
    if (open) {
      return open.session_id;
    }
    const hostId = `sim-host-${this.runId}-${zone}`.slice(0, 64);
    await this.api.registerHost({
      host_id: hostId,
      player_id: `sim-hostplayer-${this.runId}`.slice(0, 64),
      player_name: 'Simulator',
      ip_address: '127.0.0.1',
      port: 7000,
      cpu_cores: 8,
      cpu_frequency_mhz: 3600,
      memory_mb: 16384,
      network_speed_mbps: 1000,
      max_players: 1000,
    });
    return (await this.api.createSession({ host_id: hostId, zone_id: zone })).session_id;
  }
}
