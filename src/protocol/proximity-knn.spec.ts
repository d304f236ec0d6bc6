import { KNearest, candidateIds } from './proximity-knn';

describe(KNearest.name, () => {
  it('should keep the k smallest distances in order, ties by id', () => {
    const ids = ['e', 'd', 'c', 'b', 'a', 'f'];
    const sut = new KNearest(3, candidateIds(ids));

    for (const [i, d] of [9, 1, 4, 4, 16, 1].entries()) {
      sut.offer(i, d);
    }

    expect(Array.from(sut.items.subarray(0, sut.count), (i) => ids[i])).toEqual(['d', 'f', 'b']);
    expect(sut.full).toBe(true);
    expect(sut.worst).toBe(4);
  });

  it('should compare ids as plain strings, not as numbers', () => {
    const ids = ['p10', 'p9', 'p100'];
    const sut = new KNearest(2, candidateIds(ids));

    for (const i of [0, 1, 2]) {
      sut.offer(i, 5);
    }

    expect(Array.from(sut.items.subarray(0, sut.count), (i) => ids[i])).toEqual(['p10', 'p100']);
  });

  it('should start over after reset and accept nothing when k is 0', () => {
    const sut = new KNearest(2, candidateIds(['a']));
    sut.offer(0, 1);
    sut.reset();
    const none = new KNearest(0, candidateIds(['a']));
    none.offer(0, 1);

    expect(sut.count).toBe(0);
    expect(none.count).toBe(0);
  });
});
