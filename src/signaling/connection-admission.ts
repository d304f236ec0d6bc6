import { Injectable, Logger } from '@nestjs/common';
import type { ErrorCode } from '@ro-p2p/contract';
import type { IncomingMessage } from 'node:http';
import { bearerToken } from '../auth/api-key';
import { TokenRevocation } from '../auth/token-revocation.service';
import { TokenService } from '../auth/token.service';
import { BanList } from '../bans/ban-list';
import { banRefusal } from '../bans/ban-rules';
import type { BanSubject } from '../bans/ban.record';
import { AppError } from '../common/errors/app-error';
import { AppConfig } from '../config/app-config';
import { IdentityService } from '../identity/identity.service';
import { TokenBucket } from '../protocol/rate-limit';
import { ClientIpResolver } from '../common/http/client-ip';
import { CLOSE, Connection } from './connection';
import { connectionLimitFor, connectionLimitMessage } from './connection-limit';

/**
 * How a connection showed that a peer id is its own: by a token for that subject, by rAthena
 * vouching for it, or (with neither configured, on a trusted LAN) only by coming from the address
 * that already holds it.
 */
export type Proof = 'token' | 'rathena' | 'address';

interface Budget {
  messages: TokenBucket;
  bytes: TokenBucket;
}

/**
 * The gateway's security hooks: who may connect (origin, connections per IP, token), who the
 * connection is (the token subject, which the peer id must equal, or what rAthena vouches for), and
 * how fast it may talk. With JWT validation off every connection is authenticated at admission.
 */
@Injectable()
export class ConnectionAdmission {
  private readonly logger = new Logger(ConnectionAdmission.name);
  private readonly openPerIp = new Map<string, number>();
  private readonly countedIp = new WeakMap<Connection, string>();
  private readonly budgets = new WeakMap<Connection, Budget>();
  private readonly ips: ClientIpResolver;
  private readonly anyOrigin: boolean;
  private readonly origins: Set<string>;

  constructor(
    private readonly config: AppConfig,
    private readonly tokens: TokenService,
    private readonly revocation: TokenRevocation,
    private readonly identity: IdentityService,
    private readonly bans: BanList,
  ) {
    this.ips = new ClientIpResolver(config.auth.trustedProxies);
    this.anyOrigin = config.auth.corsOrigins.includes('*');
    this.origins = new Set(config.auth.corsOrigins);
  }

  /** The client's address as every check sees it: TRUSTED_PROXIES applied, in canonical form. */
  clientIp(request: IncomingMessage): string {
    return this.ips.resolve(request.socket.remoteAddress, request.headers['x-forwarded-for']);
  }

  /** Called once per new socket, before any message is read. False means it was refused and closed. */
  async admit(connection: Connection, request: IncomingMessage): Promise<boolean> {
    const origin = request.headers.origin;
    // The DLL sends no Origin; a browser always does, and only configured origins may connect.
    if (origin !== undefined && !this.anyOrigin && !this.origins.has(origin)) {
      return this.refuse(connection, 'FORBIDDEN', 'Origin not allowed');
    }
    const ip = connection.ip;
    if (this.refusedAsBanned(connection, { ip })) {
      return false;
    }
    const open = this.openPerIp.get(ip) ?? 0;
    const limit = connectionLimitFor(ip, this.config.ws);
    if (open >= limit.limit) {
      this.logger.warn(
        `Refused a WebSocket from ${ip}: ${open} connections already open, the limit ${limit.variable}=${limit.limit}`,
      );
      return this.refuse(connection, 'RATE_LIMITED', connectionLimitMessage(limit));
    }
    this.openPerIp.set(ip, open + 1);
    this.countedIp.set(connection, ip);
    if (!this.config.auth.jwtEnabled) {
      connection.authenticate();
      return true;
    }
    const url = new URL(request.url ?? '/', 'ws://localhost');
    const token = url.searchParams.get('token') ?? bearerToken(request.headers.authorization);
    if (token !== null && token !== undefined) {
      return this.authenticate(connection, token);
    }
    if (url.searchParams.has('peer_id') && !this.identity.enabled) {
      // The query form identifies at once, so it must carry its token at once too (or be vouched
      // for by rAthena when it identifies).
      return this.refuse(
        connection,
        'UNAUTHORIZED',
        'A token is required (token query parameter or Authorization header)',
      );
    }
    return true; // the first create_session carries the token, or rAthena vouches for its peer_id
  }

  /**
   * Called with the `token` of a connection's first create_session/join when it had none at connect.
   * Without one, only rAthena can vouch for the peer (the shipped DLL never sends a token).
   */
  async authenticateMessage(connection: Connection, token: string | undefined): Promise<boolean> {
    if (token !== undefined) {
      return this.authenticate(connection, token);
    }
    return this.identity.enabled || this.refuse(connection, 'UNAUTHORIZED', 'A token is required');
  }

  /**
   * How the connection proves that `peerId` is its own (see Proof), or undefined when it cannot:
   * then it was told why and closed. A token's subject was checked against the peer id already.
   */
  async prove(connection: Connection, peerId: string): Promise<Proof | undefined> {
    if (this.refusedAsBanned(connection, { peerId })) {
      return undefined;
    }
    if (connection.subject !== undefined) {
      return 'token';
    }
    if (this.identity.enabled) {
      return (await this.vouchedFor(connection, peerId)) ? 'rathena' : undefined;
    }
    if (this.config.auth.jwtEnabled) {
      this.refuse(connection, 'UNAUTHORIZED', 'A token is required');
      return undefined;
    }
    return 'address';
  }

  /** Per-message budget (messages and bytes per second); false means refuse this message. */
  allowMessage(connection: Connection, bytes: number): boolean {
    const now = Date.now();
    const budget = this.budgetOf(connection);
    // Bytes are checked before a message token is taken, so a refusal consumes neither budget.
    if (budget.bytes.available(now) < bytes || !budget.messages.take(1, now)) {
      return false;
    }
    return budget.bytes.take(bytes, now);
  }

  /** Called when the socket closes (release per-IP counters and the like). */
  release(connection: Connection): void {
    const ip = this.countedIp.get(connection);
    if (ip === undefined) {
      return;
    }
    this.countedIp.delete(connection);
    const open = (this.openPerIp.get(ip) ?? 1) - 1;
    if (open <= 0) {
      this.openPerIp.delete(ip);
    } else {
      this.openPerIp.set(ip, open);
    }
  }

  private async vouchedFor(connection: Connection, peerId: string): Promise<boolean> {
    try {
      await this.identity.verify(peerId, connection.ip);
      return true;
    } catch (error) {
      if (
        !(error instanceof AppError) ||
        (error.code !== 'IDENTITY_REJECTED' && error.code !== 'IDENTITY_UNAVAILABLE')
      ) {
        throw error;
      }
      // Unavailable is temporary: 1013 tells the client to come back, which the DLL does by itself.
      const close = error.code === 'IDENTITY_UNAVAILABLE' ? CLOSE.TRY_AGAIN_LATER : CLOSE.POLICY;
      connection.sendError(error.code, error.message, error.reason || undefined);
      connection.close(close, error.code === 'IDENTITY_UNAVAILABLE' ? 'identity unavailable' : 'identity rejected');
      return false;
    }
  }

  private async authenticate(connection: Connection, token: string): Promise<boolean> {
    const verified = this.tokens.verify(token, { type: 'access' });
    if (!verified.ok) {
      return verified.problem === 'expired'
        ? this.refuse(connection, 'TOKEN_EXPIRED', 'The token has expired')
        : this.refuse(connection, 'INVALID_TOKEN', 'The token is not a valid access token');
    }
    if (await this.revocation.isRevoked(verified.claims)) {
      return this.refuse(connection, 'TOKEN_REVOKED', 'The token was revoked; request a new one');
    }
    if (this.refusedAsBanned(connection, { peerId: verified.claims.sub })) {
      return false;
    }
    connection.authenticate(verified.claims.sub);
    return true;
  }

  private budgetOf(connection: Connection): Budget {
    let budget = this.budgets.get(connection);
    if (!budget) {
      const ws = this.config.ws;
      budget = {
        messages: new TokenBucket({ capacity: ws.messageBurst, refillPerSecond: ws.messagesPerSecond }),
        bytes: new TokenBucket({ capacity: ws.bytesBurst, refillPerSecond: ws.bytesPerSecond }),
      };
      this.budgets.set(connection, budget);
    }
    return budget;
  }

  /**
   * A banned peer id or address is told BANNED and closed with 4003 (the in-memory ban list: no
   * I/O); true when it was.
   */
  private refusedAsBanned(connection: Connection, subject: BanSubject): boolean {
    const ban = this.bans.find(subject);
    if (!ban) {
      return false;
    }
    connection.sendError('BANNED', banRefusal(ban).message);
    connection.close(CLOSE.MODERATED, 'banned');
    return true;
  }

  private refuse(connection: Connection, code: ErrorCode, message: string): false {
    connection.sendError(code, message);
    connection.close(CLOSE.POLICY, message);
    return false;
  }
}
