import { AppConfig } from '../config/app-config';
import { MOVEMENT_DEFAULTS, PeerMovement } from '../protocol/movement';
import type { Connection } from '../signaling/connection';
import type { ConnectionRegistry } from '../signaling/connection-registry';
import type { ProximityService } from '../signaling/proximity.service';
import type { ZonesService } from '../zones/zones.service';
import { ZoneMapService } from './zone-map.service';

const NOW = 1_800_000_000_000;
const HALF_LIFE = MOVEMENT_DEFAULTS.suspicionHalfLifeMs;

function record(zone: string, suspicion: number, suspicionAt: number, rejections: PeerMovement['rejections'] = {}) {
  return {
    zone,
    x: 10,
    y: 10,
    at: NOW - 1000,
    credit: 0,
    creditAt: NOW - 1000,
    relocations: [],
    pace: { start: 0, cells: 0, ms: 0, declaredMs: 0, declaredCells: 0 },
    suspicion,
    suspicionAt,
    rejections,
    relocationCount: 0,
  } satisfies PeerMovement;
}

interface FakeConnection {
  peerId: string;
  zoneId: string;
  lastPosition?: { x: number; y: number };
  nearby: Map<string, string>;
  moves: { record?: PeerMovement };
}

describe('ZoneMapService (dashboard)', () => {
  let owned: { peers: { peer_id: string; x: number; y: number }[]; links: [string, string][] } | undefined;
  let connections: FakeConnection[];
  let sut: ZoneMapService;

  beforeEach(() => {
    owned = undefined;
    connections = [];
    const proximity = { snapshot: () => owned } as unknown as ProximityService;
    const registry = {
      all: () => connections.values(),
      byPeerId: (peerId: string) => connections.find((c) => c.peerId === peerId) as unknown as Connection,
    } as unknown as ConnectionRegistry;
    const config = { movement: { suspicionLimit: 100 } } as unknown as AppConfig;
    sut = new ZoneMapService(proximity, registry, {} as ZonesService, config);
  });

  const connect = (peerId: string, zoneId: string, moves: PeerMovement | undefined, at = { x: 1, y: 2 }): void => {
    connections.push({ peerId, zoneId, lastPosition: at, nearby: new Map(), moves: { record: moves } });
  };

  it('should add the decayed, rounded suspicion, the flag and the refusal count to the peers held here', () => {
    owned = {
      peers: [
        { peer_id: 'a', x: 1, y: 1 },
        { peer_id: 'b', x: 2, y: 2 },
        { peer_id: 'remote', x: 3, y: 3 },
      ],
      links: [['a', 'b']],
    };
    // 240 one half-life ago: 120 now, over the limit of 100.
    connect('a', 'prontera', record('prontera', 240, NOW - HALF_LIFE, { not_walkable: 3, too_fast: 1 }));
    // 180 two half-lives ago: 45 now.
    connect('b', 'prontera', record('prontera', 180, NOW - 2 * HALF_LIFE));

    const map = sut.snapshot('prontera', NOW);

    expect(map.source).toBe('owner');
    expect(map.links).toEqual([['a', 'b']]);
    expect(map.peers).toEqual([
      { peer_id: 'a', x: 1, y: 1, suspicion: 120, suspicious: true, refusals: 4 },
      { peer_id: 'b', x: 2, y: 2, suspicion: 45, suspicious: false, refusals: 0 },
      // Another node judges its positions: nothing is claimed about it.
      { peer_id: 'remote', x: 3, y: 3 },
    ]);
  });

  it('should judge the flag on the score itself, at exactly the limit and just under it', () => {
    owned = {
      peers: [
        { peer_id: 'at', x: 1, y: 1 },
        { peer_id: 'under', x: 2, y: 2 },
      ],
      links: [],
    };
    connect('at', 'prontera', record('prontera', 100, NOW));
    // Rounds to 100 but is not 100 yet.
    connect('under', 'prontera', record('prontera', 99.6, NOW));

    const [at, under] = sut.snapshot('prontera', NOW).peers;

    expect(at).toMatchObject({ suspicion: 100, suspicious: true });
    expect(under).toMatchObject({ suspicion: 100, suspicious: false });
  });

  it('should leave out a record kept for another zone, and peers without a record', () => {
    owned = {
      peers: [
        { peer_id: 'moved', x: 1, y: 1 },
        { peer_id: 'fresh', x: 2, y: 2 },
      ],
      links: [],
    };
    connect('moved', 'prontera', record('geffen', 500, NOW));
    connect('fresh', 'prontera', undefined);

    expect(sut.snapshot('prontera', NOW).peers).toEqual([
      { peer_id: 'moved', x: 1, y: 1 },
      { peer_id: 'fresh', x: 2, y: 2 },
    ]);
  });

  it("should annotate this node's own players when another node computes the zone", () => {
    connect('a', 'prontera', record('prontera', 150, NOW, { out_of_bounds: 2 }), { x: 7, y: 8 });
    connect('elsewhere', 'geffen', record('geffen', 150, NOW), { x: 9, y: 9 });
    connections[0].nearby.set('b', 'n2/1');

    const map = sut.snapshot('prontera', NOW);

    expect(map).toEqual({
      zone: 'prontera',
      source: 'local',
      peers: [{ peer_id: 'a', x: 7, y: 8, suspicion: 150, suspicious: true, refusals: 2 }],
      links: [['a', 'b']],
      truncated: false,
    });
  });

  it('should cut a crowd to 2000 players before looking up any record', () => {
    owned = {
      peers: Array.from({ length: 2100 }, (_, i) => ({ peer_id: `p${i}`, x: i % 300, y: Math.floor(i / 300) })),
      links: [],
    };
    const lookups = jest.fn((peerId: string) => connections.find((c) => c.peerId === peerId));
    Object.assign(sut as unknown as { registry: { byPeerId: typeof lookups } }, {
      registry: { all: () => connections.values(), byPeerId: lookups },
    });

    const map = sut.snapshot('prontera', NOW);

    expect(map.truncated).toBe(true);
    expect(map.peers).toHaveLength(2000);
    expect(lookups).toHaveBeenCalledTimes(2000);
  });
});
