import { tileWalk } from './proximity-walk';

describe(tileWalk.name, () => {
  it('should list every tile up to the limit once, nearest first', () => {
    const sut = tileWalk(14, 24);
    const tiles = Array.from(sut.d, (d, j) => [sut.dx[j], sut.dy[j], d]);

    expect(tiles[0]).toEqual([0, 0, 0]);
    expect(tiles.every(([dx, dy, d]) => dx * dx + dy * dy === d && d <= 24)).toBe(true);
    expect([...sut.d]).toEqual([...sut.d].sort((a, b) => a - b));
    expect(new Set(tiles.map(([dx, dy]) => `${dx},${dy}`)).size).toBe(tiles.length);
    // Lattice points with dx² + dy² <= 24, counted by brute force over the 11 x 11 square.
    expect(tiles.length).toBe(69);
  });

  it('should stay inside a visibility square smaller than the limit', () => {
    const sut = tileWalk(1, 24);

    expect(sut.d.length).toBe(9);
    expect(Math.max(...sut.dx, ...sut.dy)).toBe(1);
  });
});
