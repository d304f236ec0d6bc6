import { PeerListMirror, hotSpotLayout, randomStep, seededRandom } from './proximity-scenarios';

describe(seededRandom.name, () => {
  it('should repeat its sequence for a seed and stay in [0, 1)', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const values = Array.from({ length: 1000 }, () => a());

    expect(values).toEqual(Array.from({ length: 1000 }, () => b()));
    expect(values.every((v) => v >= 0 && v < 1)).toBe(true);
  });
});

describe(hotSpotLayout.name, () => {
  it('should place every peer on the map with integer coordinates', () => {
    const layout = { width: 50, height: 40, crowdedShare: 0.6, hotSpots: 3, spread: 5 };

    const sut = hotSpotLayout(500, layout, seededRandom(1));

    expect(sut.size).toBe(500);
    for (const p of sut.values()) {
      expect(Number.isInteger(p.x) && p.x >= 0 && p.x < 50 && Number.isInteger(p.y) && p.y < 40).toBe(true);
    }
    const moved = randomStep({ x: 0, y: 39 }, 50, 40, seededRandom(2));
    expect(moved.x >= 0 && moved.y <= 39).toBe(true);
  });
});

describe(PeerListMirror.name, () => {
  it('should apply removals then additions and forget departed peers', () => {
    const sut = new PeerListMirror();
    sut.apply(new Map([['a', { added: [{ peer_id: 'b', x: 1, y: 1 }], removed: [] }]]));
    sut.apply(new Map([['a', { added: [{ peer_id: 'c', x: 2, y: 2 }], removed: ['b'] }]]));

    expect(sut.idsOf('a')).toEqual(['c']);
    sut.forget('a');
    expect(sut.idsOf('a')).toEqual([]);
  });
});
