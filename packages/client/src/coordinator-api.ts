import { RestClient, RestOptions } from './rest-client';
import {
  CreateSessionBody,
  Host,
  HostHeartbeat,
  HostRegistration,
  IceServersResponse,
  Session,
  SessionAction,
  TokenResponse,
  Zone,
} from './types';

/** The two token request bodies the coordinator accepts. */
export type TokenRequest =
  | { shape: 'dll'; peerId: string; clientVersion?: string }
  | { shape: 'reference'; playerId: string; userId?: string; apiKey?: string; role?: 'client' | 'admin' };

const enc = encodeURIComponent;

/** `GET /api/v1/zones/{zone_id}/map`: cell (x, y) is bit x + y·width of the base64 bitmap, LSB first. */
export interface ZoneMapAnswer {
  zone_id: string;
  map_name: string;
  width: number;
  height: number;
  walkable_cells: number;
  encoding: string;
  walkable: string;
}

const idleHeartbeat = (): HostHeartbeat => ({
  latency_ms: 0,
  packet_loss_percent: 0,
  bandwidth_usage_mbps: 0,
  current_players: 0,
  current_zones: 0,
});

/**
 * Typed REST helpers. Holds the current access and refresh tokens so every call after
 * `requestToken` is authenticated, and `refresh` can use whichever form the caller has.
 */
export class CoordinatorApi {
  private readonly rest: RestClient;
  accessToken: string | undefined;
  refreshToken: string | undefined;
  /** When the access token expires (ms since epoch), from `expires_in`. */
  accessTokenExpiresAt: number | undefined;

  constructor(options: RestOptions) {
    this.rest = new RestClient(options);
  }

  // --- auth ---

  async requestToken(request: TokenRequest): Promise<TokenResponse> {
    const body =
      request.shape === 'dll'
        ? {
            peer_id: request.peerId,
            client_version: request.clientVersion ?? '1.0.0',
            timestamp: Math.floor(Date.now() / 1000),
          }
        : { player_id: request.playerId, user_id: request.userId, api_key: request.apiKey, role: request.role };
    return this.keep(await this.rest.request<TokenResponse>('POST', '/api/v1/auth/token', body));
  }

  /**
   * With `useRefreshToken` (default when one is held) sends `{refresh_token}`; otherwise the DLL's
   * form: an empty body and the (possibly just expired) access token as Bearer.
   */
  async refresh(useRefreshToken = this.refreshToken !== undefined): Promise<TokenResponse> {
    const response =
      useRefreshToken && this.refreshToken
        ? await this.rest.request<TokenResponse>('POST', '/api/v1/auth/refresh', { refresh_token: this.refreshToken })
        : await this.rest.request<TokenResponse>('POST', '/api/v1/auth/refresh', {}, this.accessToken);
    return this.keep(response);
  }

  /** Revokes every token of this login on the coordinator (all nodes) and forgets them here. */
  async logout(): Promise<void> {
    await this.rest.request<undefined>('POST', '/api/v1/auth/logout', undefined, this.accessToken);
    this.accessToken = undefined;
    this.refreshToken = undefined;
    this.accessTokenExpiresAt = undefined;
  }

  private keep(response: TokenResponse): TokenResponse {
    this.accessToken = response.token ?? response.access_token;
    this.refreshToken = response.refresh_token ?? this.refreshToken;
    this.accessTokenExpiresAt = Date.now() + response.expires_in * 1000;
    return response;
  }

  // --- hosts ---

  registerHost(body: HostRegistration): Promise<Host> {
    return this.call('POST', '/api/v1/hosts/register', body);
  }

  heartbeat(hostId: string, body: HostHeartbeat): Promise<Host> {
    return this.call('POST', `/api/v1/hosts/${enc(hostId)}/heartbeat`, body);
  }

  getHost(hostId: string): Promise<Host> {
    return this.call('GET', `/api/v1/hosts/${enc(hostId)}`);
  }

  /** `startHeartbeats(this, …)`: a heartbeat every `intervalMs` until `stop()`; idle numbers by default. */
  startHeartbeats(
    hostId: string,
    intervalMs: number,
    report: () => HostHeartbeat = idleHeartbeat,
    onError?: (error: unknown) => void,
  ): { stop(): void } {
    return startHeartbeats(this, hostId, intervalMs, report, onError);
  }

  unregisterHost(hostId: string): Promise<void> {
    return this.call('DELETE', `/api/v1/hosts/${enc(hostId)}`);
  }

  // --- zones ---

  listZones(): Promise<Zone[]> {
    return this.call('GET', '/api/v1/zones/');
  }

  p2pZones(): Promise<Zone[]> {
    return this.call('GET', '/api/v1/zones/p2p/enabled');
  }

  getZone(zoneId: string): Promise<Zone> {
    return this.call('GET', `/api/v1/zones/${enc(zoneId)}`);
  }

  /**
   * The zone's map from rAthena's map cache (`{width, height, encoding, walkable}`, see
   * `walkableMapFromZoneMap` in `@ro-p2p/client/simulator`); 404 MAP_NOT_AVAILABLE without a cache.
   */
  zoneMap(zoneId: string): Promise<ZoneMapAnswer> {
    return this.call('GET', `/api/v1/zones/${enc(zoneId)}/map`);
  }

  // --- sessions ---

  createSession(body: CreateSessionBody): Promise<Session> {
    return this.call('POST', '/api/v1/sessions/', body);
  }

  getSession(session: string | number): Promise<Session> {
    return this.call('GET', `/api/v1/sessions/${enc(String(session))}`);
  }

  activeSessionsInZone(zoneId: string): Promise<Session[]> {
    return this.call('GET', `/api/v1/sessions/zone/${enc(zoneId)}/active`);
  }

  addPlayer(session: string | number, playerId: string): Promise<SessionAction> {
    return this.call('POST', `/api/v1/sessions/${enc(String(session))}/players`, { player_id: playerId });
  }

  removePlayer(session: string | number, playerId: string): Promise<SessionAction> {
    return this.call('DELETE', `/api/v1/sessions/${enc(String(session))}/players/${enc(playerId)}`);
  }

  // --- ICE ---

  iceServers(peerId?: string): Promise<IceServersResponse> {
    return this.call('GET', `/api/v1/ice-servers${peerId ? `?peer_id=${enc(peerId)}` : ''}`);
  }

  private call<T>(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T> {
    return this.rest.request<T>(method, path, body, this.accessToken);
  }
}

/**
 * Sends a heartbeat every `intervalMs` until stopped. `report` supplies each heartbeat's numbers;
 * a failed heartbeat goes to `onError` and the timer keeps running (the next one may succeed).
 */
export function startHeartbeats(
  api: CoordinatorApi,
  hostId: string,
  intervalMs: number,
  report: () => HostHeartbeat,
  onError: (error: unknown) => void = () => undefined,
): { stop(): void } {
  if (!(intervalMs > 0)) {
    throw new RangeError('intervalMs must be positive');
  }
  const timer = setInterval(() => {
    api.heartbeat(hostId, report()).catch(onError);
  }, intervalMs);
  // On Node the heartbeats must not keep the process alive; a browser's timer is a plain number.
  if (typeof timer === 'object') {
    timer.unref();
  }
  return { stop: () => clearInterval(timer) };
}
