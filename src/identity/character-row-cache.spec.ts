import { CharacterRowCache } from './character-row-cache';
import type { RathenaCharacterRow } from './identity-verdict';

const ROW: RathenaCharacterRow = { online: 1, lastIp: '203.0.113.7', state: 0, unbanTime: 0 };

describe(CharacterRowCache.name, () => {
  it('should answer for ttl milliseconds after the read, then forget', () => {
    const sut = new CharacterRowCache(3000);
    sut.set(150001, ROW, 10_000);
    expect(sut.get(150001, 12_999)?.row).toEqual(ROW);
    expect(sut.get(150001, 13_000)).toBeUndefined();
  });

  it('should cache "no such character" as an answer of its own', () => {
    const sut = new CharacterRowCache(3000);
    sut.set(150002, undefined, 0);
    expect(sut.get(150002, 1)).toEqual({ row: undefined, expiresAt: 3000 });
    expect(sut.get(150003, 1)).toBeUndefined();
  });

  it('should cache nothing with a ttl of 0', () => {
    const sut = new CharacterRowCache(0);
    sut.set(150001, ROW, 0);
    expect(sut.get(150001, 0)).toBeUndefined();
    expect(sut.size).toBe(0);
  });

  it('should drop expired entries as new ones arrive', () => {
    const sut = new CharacterRowCache(1000);
    for (let charId = 0; charId < 100; charId++) {
      sut.set(charId, ROW, 0);
    }
    sut.set(1000, ROW, 1000);
    expect(sut.size).toBe(1);
  });

  it('should hold at most its capacity, evicting the oldest first', () => {
    const sut = new CharacterRowCache(60_000, 3);
    for (let charId = 1; charId <= 5; charId++) {
      sut.set(charId, ROW, charId);
    }
    expect(sut.size).toBe(3);
    expect([1, 2, 3, 4, 5].map((charId) => sut.get(charId, 10) !== undefined)).toEqual([
      false,
      false,
      true,
      true,
      true,
    ]);
  });

  it('should move a refreshed character to the back of the eviction order', () => {
    const sut = new CharacterRowCache(60_000, 2);
    sut.set(1, ROW, 1);
    sut.set(2, ROW, 2);
    sut.set(1, ROW, 3);
    sut.set(3, ROW, 4);
    expect(sut.get(1, 5)).toBeDefined();
    expect(sut.get(2, 5)).toBeUndefined();
  });
});
