import { accessRefusal, GuardSwitches } from './access-rules';
import { ANONYMOUS, Principal } from './principal';
import { Credentials } from './request-credentials';
import { RouteGroup } from './route-group.decorator';

type Kind = 'nothing' | 'wrongKey' | 'expired' | 'revoked' | 'garbage' | 'clientToken' | 'adminKey' | 'adminToken';
const KINDS: Kind[] = ['nothing', 'wrongKey', 'expired', 'revoked', 'garbage', 'clientToken', 'adminKey', 'adminToken'];
const GROUPS: RouteGroup[] = ['public', 'client', 'owner', 'admin'];

/** Credentials as RequestCredentials resolves them (a client token is a client only while JWT is on). */
function credentials(kind: Kind, jwtEnabled: boolean): Credentials {
  const admin: Principal = { role: 'admin', subject: 'ops' };
  switch (kind) {
    case 'nothing':
      return { apiKey: 'none', token: { status: 'none' }, principal: ANONYMOUS };
    case 'wrongKey':
      return { apiKey: 'invalid', token: { status: 'none' }, principal: ANONYMOUS };
    case 'expired':
    case 'revoked':
      return { apiKey: 'none', token: { status: kind }, principal: ANONYMOUS };
    case 'garbage':
      return { apiKey: 'none', token: { status: 'invalid' }, principal: ANONYMOUS };
    case 'clientToken':
      return {
        apiKey: 'none',
        token: { status: 'valid', subject: 'alice', role: 'client' },
        principal: jwtEnabled ? { role: 'client', subject: 'alice' } : ANONYMOUS,
      };
    case 'adminKey':
      return { apiKey: 'valid', token: { status: 'none' }, principal: { role: 'admin' } };
    case 'adminToken':
      return { apiKey: 'none', token: { status: 'valid', subject: 'ops', role: 'admin' }, principal: admin };
  }
}

const switchesOf = (jwtEnabled: boolean, apiKeyEnabled: boolean): GuardSwitches => ({
  jwtEnabled,
  apiKeyEnabled,
  apiKeyHeader: 'x-api-key',
});
const CONFIGS = [switchesOf(false, false), switchesOf(true, false), switchesOf(false, true), switchesOf(true, true)];
const name = (s: GuardSwitches): string => `JWT ${s.jwtEnabled ? 'on' : 'off'}, key ${s.apiKeyEnabled ? 'on' : 'off'}`;
const outcome = (group: RouteGroup, kind: Kind, s: GuardSwitches): string =>
  accessRefusal(group, credentials(kind, s.jwtEnabled), s)?.code ?? 'pass';

describe('accessRefusal', () => {
  describe('invariants over every group, credential and guard combination', () => {
    it('should let an admin credential through every route', () => {
      for (const s of CONFIGS) {
        for (const group of GROUPS) {
          expect([name(s), group, outcome(group, 'adminKey', s), outcome(group, 'adminToken', s)]).toEqual([
            name(s),
            group,
            'pass',
            'pass',
          ]);
        }
      }
    });

    it('should never let a client token use an admin route while either guard is on', () => {
      for (const s of CONFIGS.filter((c) => c.jwtEnabled || c.apiKeyEnabled)) {
        for (const kind of KINDS.filter((k) => k !== 'adminKey' && k !== 'adminToken')) {
          expect([name(s), kind, outcome('admin', kind, s)]).not.toEqual([name(s), kind, 'pass']);
        }
      }
    });

    it('should let everyone through with both guards off (the trusted LAN)', () => {
      for (const group of GROUPS) {
        for (const kind of KINDS) {
          expect(outcome(group, kind, switchesOf(false, false))).toBe('pass');
        }
      }
    });

    it('should leave public routes open whatever is presented', () => {
      for (const s of CONFIGS) {
        for (const kind of KINDS) {
          expect(outcome('public', kind, s)).toBe('pass');
        }
      }
    });
  });

  describe('answers', () => {
    it.each([
      // [group, credential, JWT, key, expected]
      ['client', 'nothing', true, false, 'UNAUTHORIZED'],
      ['client', 'expired', true, true, 'TOKEN_EXPIRED'],
      ['client', 'revoked', true, false, 'TOKEN_REVOKED'],
      ['client', 'garbage', true, false, 'INVALID_TOKEN'],
      ['client', 'wrongKey', true, false, 'INVALID_API_KEY'],
      ['admin', 'garbage', true, true, 'INVALID_TOKEN'],
      ['client', 'clientToken', true, true, 'pass'],
      ['client', 'nothing', false, true, 'pass'],
      ['owner', 'clientToken', true, false, 'pass'],
      ['owner', 'nothing', false, true, 'UNAUTHORIZED'],
      ['owner', 'clientToken', false, true, 'UNAUTHORIZED'],
      ['owner', 'wrongKey', false, true, 'INVALID_API_KEY'],
      ['admin', 'clientToken', true, false, 'FORBIDDEN'],
      ['admin', 'clientToken', true, true, 'FORBIDDEN'],
      ['admin', 'clientToken', false, true, 'UNAUTHORIZED'],
      ['admin', 'nothing', true, false, 'UNAUTHORIZED'],
      ['admin', 'revoked', true, true, 'TOKEN_REVOKED'],
      ['admin', 'wrongKey', false, true, 'INVALID_API_KEY'],
    ] as [RouteGroup, Kind, boolean, boolean, string][])(
      'should answer %s with %s (JWT %s, key %s): %s',
      (group, kind, jwt, key, expected) => {
        expect(outcome(group, kind, switchesOf(jwt, key))).toBe(expected);
      },
    );

    it('should name the missing credential in the message', () => {
      expect(accessRefusal('admin', credentials('nothing', false), switchesOf(false, true))?.message).toContain(
        'x-api-key',
      );
      expect(accessRefusal('admin', credentials('nothing', true), switchesOf(true, false))?.message).toContain(
        'admin token',
      );
      expect(accessRefusal('client', credentials('nothing', true), switchesOf(true, false))?.message).toContain(
        'Bearer access token',
      );
    });
  });
});
