import { randomBytes } from 'node:crypto';
import { AppError } from '../common/errors/app-error';
import { HostRecord } from '../hosts/host.record';
import { ZoneRecord } from '../zones/zone.record';

/** What `HostsService.checkPlacement` answers for a host and a zone. */
export type Placement = 'ok' | 'offline' | 'not_eligible' | 'full' | 'below_zone_requirements';

/** Why a zone takes no P2P sessions, or undefined when it does. */
export function zoneRefusal(zone: ZoneRecord): AppError | undefined {
  if (zone.status !== 'enabled') {
    return new AppError('ZONE_DISABLED', `Zone ${zone.zone_id} is ${zone.status}`);
  }
  if (!zone.p2p_enabled) {
    return new AppError('ZONE_NOT_P2P', `P2P is not enabled for zone ${zone.zone_id}`);
  }
  return undefined;
}

/**
 * Why `host` cannot serve a new session of `zone` with `players` players, or undefined. The placement
 * verdict covers status, eligibility, zone requirements and a host already at its limits; the extra
 * check covers a host with free seats but not enough for this many players.
 */
export function hostRefusal(
  host: HostRecord,
  zone: ZoneRecord,
  placement: Placement,
  players: number,
): AppError | undefined {
  switch (placement) {
    case 'offline':
      return new AppError('HOST_OFFLINE', `Host ${host.host_id} is ${host.status}`);
    case 'not_eligible':
      return new AppError('HOST_NOT_ELIGIBLE', `Host ${host.host_id} is not eligible to host sessions`);
    case 'below_zone_requirements':
      return new AppError(
        'HOST_NOT_ELIGIBLE',
        `Host ${host.host_id} does not meet the requirements of zone ${zone.zone_id}`,
      );
    case 'full':
      return hostFull(host, players);
    case 'ok':
      return host.current_players + players > host.max_players || host.current_zones >= host.max_zones
        ? hostFull(host, players)
        : undefined;
  }
}

export function hostFull(host: Pick<HostRecord, 'host_id'>, players: number): AppError {
  return new AppError('HOST_FULL', `Host ${host.host_id} has no capacity for a new session with ${players} player(s)`);
}

/**
 * The capacity of a new session: the requested `max_players` (never above the zone's) or the zone's
 * own; `players` must fit in it.
 */
export function sessionCapacity(zone: ZoneRecord, requested: number | undefined, players: number): number | AppError {
  if (requested !== undefined && requested > zone.max_players) {
    return new AppError(
      'MAX_PLAYERS_EXCEEDED',
      `max_players ${requested} exceeds the limit of zone ${zone.zone_id} (${zone.max_players})`,
    );
  }
  const capacity = requested ?? zone.max_players;
  if (players > capacity) {
    return new AppError('MAX_PLAYERS_EXCEEDED', `${players} players exceed the session capacity of ${capacity}`);
  }
  return capacity;
}

/** Player ids in the order given, each once. */
export function uniquePlayers(playerIds: readonly string[] | undefined): string[] {
  return [...new Set(playerIds ?? [])];
}

/** Said with every SESSION_NOT_FOUND: how sessions come to exist (docs/api.md, "How sessions come to exist"). */
export const HOW_SESSIONS_EXIST =
  'sessions are opened by create_session (a zone), POST /api/v1/sessions, or a WebSocket join of a new id when ad-hoc sessions are on (ADHOC_SESSIONS_ENABLED)';

export function sessionNotFound(ref: { raw: string }): AppError {
  return new AppError('SESSION_NOT_FOUND', `Session ${ref.raw} not found; ${HOW_SESSIONS_EXIST}`);
}

export function invalidState(ref: { raw: string }, status: string, action: string): AppError {
  return new AppError('SESSION_INVALID_STATE', `Session ${ref.raw} is ${status} and cannot ${action}`);
}

export function p2pDisabled(): AppError {
  return new AppError('P2P_DISABLED', 'P2P is disabled on this coordinator (ENABLE_P2P=false)');
}

/** "session-" + 16 lowercase hex characters: 64 random bits, unguessable and collision-free in practice. */
export function newSessionId(): string {
  return `session-${randomBytes(8).toString('hex')}`;
}
