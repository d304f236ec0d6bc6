import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { buildIceServers, IceServer } from '../protocol/turn-credentials';

export interface IceServersResult {
  ice_servers: IceServer[];
  ttl: number | null;
}

/**
 * STUN servers from STUN_SERVERS and TURN servers from TURN_SERVERS. With TURN_SECRET the TURN entry
 * carries ephemeral credentials coturn verifies itself (`use-auth-secret`); without it, the static
 * TURN_USERNAME / TURN_PASSWORD are handed out as configured.
 */
@Injectable()
export class IceServersService {
  constructor(private readonly config: AppConfig) {}

  forPeer(peerId: string, nowSeconds = Math.floor(Date.now() / 1000)): IceServersResult {
    const { stunServers, turnServers, turnSecret, turnCredentialTtlSeconds, turnUsername, turnPassword } =
      this.config.p2p;
    if (turnSecret || turnServers.length === 0) {
      const servers = buildIceServers({
        stunUrls: stunServers,
        turnUrls: turnServers,
        secret: turnSecret,
        peerId,
        ttl: turnCredentialTtlSeconds,
        now: nowSeconds,
      });
      return { ice_servers: servers, ttl: turnSecret && turnServers.length > 0 ? turnCredentialTtlSeconds : null };
    }
    const servers: IceServer[] = stunServers.length > 0 ? [{ urls: [...stunServers] }] : [];
    servers.push({ urls: [...turnServers], username: turnUsername, credential: turnPassword });
    return { ice_servers: servers, ttl: null };
  }
}
