import { loadConfig } from './app-config';
import { trustedProxyProblems } from './trusted-proxies';

describe('TRUSTED_PROXIES', () => {
  it('accepts addresses and CIDRs of both families', () => {
    expect(trustedProxyProblems(['10.0.0.1', '10.0.0.0/8', '::1', 'fd00::/8', '0.0.0.0/0'])).toEqual([]);
  });

  it('names every bad entry', () => {
    expect(trustedProxyProblems(['proxy.local', '10.0.0.0/33', '::/129', '10.0.0.0/8/1', '10.0.0.0/x'])).toHaveLength(
      5,
    );
  });

  it('refuses to boot with a bad entry', () => {
    expect(() => loadConfig({ EMBEDDED_DATA_DIR: 'memory://', TRUSTED_PROXIES: '10.0.0.1,proxy.local' })).toThrow(
      /TRUSTED_PROXIES: not an IP address or CIDR: proxy\.local/,
    );
  });
});
