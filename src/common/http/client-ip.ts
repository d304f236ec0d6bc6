import { BlockList, isIP } from 'node:net';

/** `::ffff:a.b.c.d` once the URL parser has written its last 32 bits as two hex groups. */
const MAPPED_IPV4 = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/;

function mappedToIpv4(compressed: string): string | undefined {
  const match = MAPPED_IPV4.exec(compressed);
  if (!match) {
    return undefined;
  }
  const [high, low] = [parseInt(match[1], 16), parseInt(match[2], 16)];
  return [high >> 8, high & 0xff, low >> 8, low & 0xff].join('.');
}

/**
 * The one canonical text of an IP address, or undefined when `address` is not one. Every comparison
 * of addresses goes through it (rate-limit keys, trusted proxies, rAthena's `login.last_ip`), so two
 * spellings of one address can never count as two clients or fail to match:
 * - surrounding whitespace is ignored;
 * - IPv4 must be strict dotted decimal (no leading zeros, no `1.2.3` or hex forms);
 * - an IPv4-mapped IPv6 address (`::ffff:1.2.3.4`, `::FFFF:102:304`, `0:0:0:0:0:ffff:1.2.3.4`: IPv4
 *   on a dual-stack socket) is its IPv4 address;
 * - other IPv6 is lower-case and compressed, as the WHATWG URL parser writes it (RFC 5952);
 * - a zone id (`fe80::1%eth0`) has no canonical form: undefined.
 */
export function canonicalIp(address: string | undefined): string | undefined {
  const text = address?.trim() ?? '';
  const family = isIP(text);
  if (family === 4) {
    return text;
  }
  if (family !== 6 || text.includes('%')) {
    return undefined;
  }
  let compressed: string;
  try {
    compressed = new URL(`http://[${text}]`).hostname.slice(1, -1);
  } catch {
    return undefined;
  }
  return mappedToIpv4(compressed) ?? compressed;
}

/** Whether a canonical address (see canonicalIp) is a loopback one: 127.0.0.0/8 or ::1. */
export function isLoopbackIp(canonical: string): boolean {
  return canonical === '::1' || (isIP(canonical) === 4 && canonical.startsWith('127.'));
}

/** An address as a rate-limit key: canonical when it is an IP, else as given (`unknown` when absent). */
export function normaliseIp(address: string | undefined): string {
  const trimmed = address?.trim();
  if (!trimmed) {
    return 'unknown';
  }
  return canonicalIp(trimmed) ?? trimmed;
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
