import { connectionLimitFor, connectionLimitMessage } from './connection-limit';

const ws = { maxConnectionsPerIp: 50, maxConnectionsLoopback: 6000 };

describe('connectionLimitFor', () => {
  it('should give remote addresses the per-IP limit', () => {
    expect(connectionLimitFor('203.0.113.7', ws)).toEqual({ limit: 50, variable: 'WS_MAX_CONNECTIONS_PER_IP' });
    expect(connectionLimitFor('192.168.1.100', ws).variable).toBe('WS_MAX_CONNECTIONS_PER_IP');
    expect(connectionLimitFor('2001:db8::1', ws).variable).toBe('WS_MAX_CONNECTIONS_PER_IP');
  });

  it('should give loopback addresses their own limit', () => {
    for (const ip of ['127.0.0.1', '127.1.2.3', '::1']) {
      expect(connectionLimitFor(ip, ws)).toEqual({ limit: 6000, variable: 'WS_MAX_CONNECTIONS_LOOPBACK' });
    }
  });

  it('should not take an address that merely starts like loopback for one', () => {
    expect(connectionLimitFor('1.127.0.1', ws).variable).toBe('WS_MAX_CONNECTIONS_PER_IP');
    expect(connectionLimitFor('::2', ws).variable).toBe('WS_MAX_CONNECTIONS_PER_IP');
  });
});

describe('connectionLimitMessage', () => {
  it('should name the variable and its value', () => {
    expect(connectionLimitMessage({ limit: 50, variable: 'WS_MAX_CONNECTIONS_PER_IP' })).toBe(
      'Too many connections from this address (WS_MAX_CONNECTIONS_PER_IP=50)',
    );
  });
});
