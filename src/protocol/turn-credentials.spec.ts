import { createHmac } from 'node:crypto';
import { buildIceServers, mintTurnCredentials } from './turn-credentials';

describe(mintTurnCredentials.name, () => {
  it('should follow the coturn use-auth-secret scheme', () => {
    const sut = mintTurnCredentials('s3cret', 'peer-1', 3600, 1_700_000_000.9);

    expect(sut.username).toBe('1700003600:peer-1');
    expect(sut.credential).toBe(createHmac('sha1', 's3cret').update('1700003600:peer-1').digest('base64'));
    expect(sut.ttl).toBe(3600);
  });

  it('should match a vector computed with openssl', () => {
    expect(mintTurnCredentials('secret', 'alice', 60, 0).credential).toBe('qWQVjN7XYTkQJKc/0/JKgwi7jmQ=');
  });

  it('should refuse a non-positive ttl', () => {
    expect(() => mintTurnCredentials('s', 'p', 0, 0)).toThrow(RangeError);
  });
});

describe(buildIceServers.name, () => {
  const base = {
    stunUrls: ['stun:stun.example.org:3478'],
    turnUrls: ['turn:turn.example.org:3478?transport=udp'],
    peerId: 'p',
    ttl: 600,
    now: 100,
  };

  it('should list STUN then TURN with minted credentials', () => {
    const sut = buildIceServers({ ...base, secret: 'k' });

    expect(sut).toEqual([
      { urls: base.stunUrls },
      {
        urls: base.turnUrls,
        username: '700:p',
        credential: mintTurnCredentials('k', 'p', 600, 100).credential,
      },
    ]);
  });

  it('should omit TURN without a secret or without urls, and STUN without urls', () => {
    expect(buildIceServers(base)).toEqual([{ urls: base.stunUrls }]);
    expect(buildIceServers({ ...base, secret: '', stunUrls: [] })).toEqual([]);
    expect(buildIceServers({ ...base, secret: 'k', turnUrls: [] })).toEqual([{ urls: base.stunUrls }]);
  });
});
