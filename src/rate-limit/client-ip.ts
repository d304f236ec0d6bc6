import { BlockList, isIP } from 'node:net';

/** `::ffff:1.2.3.4` (IPv4 on a dual-stack socket) is the IPv4 address for every purpose here. */
export function normaliseIp(address: string | undefined): string {
  if (!address) {
    return 'unknown';
  }
  const trimmed = address.trim();
  return /^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(trimmed) ? trimmed.slice(7) : trimmed;
}

/**
 * The client address of a request. `X-Forwarded-For` is believed only when the socket peer is a
 * configured trusted proxy; then the list is walked from the right, skipping trusted proxies, and
 * the first other address is the client. Without trusted proxies the header is ignored entirely.
 */
export class ClientIpResolver {
  private readonly trusted = new BlockList();
  private readonly any: boolean;

  constructor(proxies: readonly string[]) {
    for (const entry of proxies) {
      const [address, bits] = entry.trim().split('/');
      const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
      if (isIP(address) === 0) {
        throw new Error(`TRUSTED_PROXIES: not an IP address or CIDR: ${entry}`);
      }
      if (bits === undefined) {
        this.trusted.addAddress(address, family);
      } else {
        this.trusted.addSubnet(address, Number(bits), family);
      }
    }
    this.any = proxies.length > 0;
  }

  resolve(socketAddress: string | undefined, forwardedFor: string | string[] | undefined): string {
    const peer = normaliseIp(socketAddress);
    if (!this.any || !this.isTrusted(peer) || forwardedFor === undefined) {
      return peer;
    }
    const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor).split(',').map(normaliseIp);
    for (let i = hops.length - 1; i >= 0; i--) {
      const hop = hops[i];
      if (isIP(hop) === 0) {
        return peer; // a malformed chain is not trusted at all
      }
      if (!this.isTrusted(hop)) {
        return hop;
      }
    }
    return peer;
  }

  private isTrusted(address: string): boolean {
    const family = isIP(address);
    return family !== 0 && this.trusted.check(address, family === 6 ? 'ipv6' : 'ipv4');
  }
}
