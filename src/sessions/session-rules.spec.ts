import { HostRecord } from '../hosts/host.record';
import { ZoneRecord } from '../zones/zone.record';
import { hostRefusal, Placement, sessionCapacity, uniquePlayers, zoneRefusal } from './session-rules';

const host = (overrides: Partial<HostRecord> = {}): HostRecord =>
  ({
    id: 1,
    host_id: 'host-a',
    status: 'online',
    max_players: 50,
    current_players: 0,
    max_zones: 5,
    current_zones: 0,
    ...overrides,
  }) as HostRecord;

const zone = (overrides: Partial<ZoneRecord> = {}): ZoneRecord =>
  ({ id: 2, zone_id: 'prontera', status: 'enabled', p2p_enabled: true, max_players: 10, ...overrides }) as ZoneRecord;

describe('session-rules', () => {
  describe('zoneRefusal', () => {
    it('should accept an enabled P2P zone', () => {
      expect(zoneRefusal(zone())).toBeUndefined();
    });

    it('should refuse a disabled or maintenance zone before looking at P2P', () => {
      expect(zoneRefusal(zone({ status: 'disabled', p2p_enabled: false }))?.code).toBe('ZONE_DISABLED');
      expect(zoneRefusal(zone({ status: 'maintenance' }))?.message).toBe('Zone prontera is maintenance');
    });

    it('should refuse a zone with P2P off', () => {
      expect(zoneRefusal(zone({ p2p_enabled: false }))?.code).toBe('ZONE_NOT_P2P');
    });
  });

  describe('hostRefusal', () => {
    const cases: [Placement, string | undefined][] = [
      ['ok', undefined],
      ['offline', 'HOST_OFFLINE'],
      ['not_eligible', 'HOST_NOT_ELIGIBLE'],
      ['below_zone_requirements', 'HOST_NOT_ELIGIBLE'],
      ['full', 'HOST_FULL'],
    ];
    for (const [placement, code] of cases) {
      it(`should map placement ${placement} to ${code ?? 'no refusal'}`, () => {
        expect(hostRefusal(host(), zone(), placement, 1)?.code).toBe(code);
      });
    }

    it('should refuse a host without enough free seats for the players', () => {
      expect(hostRefusal(host({ current_players: 48 }), zone(), 'ok', 2)).toBeUndefined();
      expect(hostRefusal(host({ current_players: 48 }), zone(), 'ok', 3)?.code).toBe('HOST_FULL');
    });

    it('should refuse a host serving its maximum number of sessions', () => {
      expect(hostRefusal(host({ current_zones: 5 }), zone(), 'ok', 0)?.code).toBe('HOST_FULL');
    });
  });

  describe('sessionCapacity', () => {
    it('should default to the zone capacity', () => {
      expect(sessionCapacity(zone(), undefined, 3)).toBe(10);
    });

    it('should take a requested capacity up to the zone capacity', () => {
      expect(sessionCapacity(zone(), 4, 4)).toBe(4);
      expect(sessionCapacity(zone(), 10, 0)).toBe(10);
    });

    it('should refuse a capacity above the zone capacity', () => {
      const result = sessionCapacity(zone(), 11, 0);
      expect(result).toMatchObject({ code: 'MAX_PLAYERS_EXCEEDED', status: 422 });
    });

    it('should refuse more players than the capacity', () => {
      expect(sessionCapacity(zone(), 2, 3)).toMatchObject({ code: 'MAX_PLAYERS_EXCEEDED' });
      expect(sessionCapacity(zone(), undefined, 11)).toMatchObject({ code: 'MAX_PLAYERS_EXCEEDED' });
    });
  });

  describe('uniquePlayers', () => {
    it('should drop duplicates and keep the first-seen order', () => {
      expect(uniquePlayers(['b', 'a', 'b', 'c', 'a'])).toEqual(['b', 'a', 'c']);
      expect(uniquePlayers(undefined)).toEqual([]);
    });
  });
});
