import { isIP } from 'node:net';

/** A TRUSTED_PROXIES entry: an IP address, or an address with a prefix length its family allows. */
function isProxyEntry(entry: string): boolean {
  const [address, bits, extra] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || extra !== undefined) {
    return false;
  }
  return bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128));
}

/** Caught at boot with the other configuration problems rather than when the first request arrives. */
export function trustedProxyProblems(entries: readonly string[]): string[] {
  return entries
    .filter((entry) => !isProxyEntry(entry))
    .map((entry) => `TRUSTED_PROXIES: not an IP address or CIDR: ${entry}`);
}
