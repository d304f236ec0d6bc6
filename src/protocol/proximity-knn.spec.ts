import { KNearest } from './proximity-knn';

const item = (id: string) => ({ id });

describe(KNearest.name, () => {
  it('should keep the k smallest distances in order, ties by id', () => {
    const sut = new KNearest<{ id: string }>(3);

    for (const [id, d] of [
      ['e', 9],
      ['d', 1],
      ['c', 4],
      ['b', 4],
      ['a', 16],
      ['f', 1],
    ] as const) {
      sut.offer(item(id), d);
    }

    expect(sut.items.slice(0, sut.count).map((i) => i.id)).toEqual(['d', 'f', 'b']);
    expect(sut.full).toBe(true);
    expect(sut.worst).toBe(4);
  });

  it('should start over after reset and accept nothing when k is 0', () => {
    const sut = new KNearest<{ id: string }>(2);
    sut.offer(item('a'), 1);
    sut.reset();
    const none = new KNearest<{ id: string }>(0);
    none.offer(item('a'), 1);

    expect(sut.count).toBe(0);
    expect(none.count).toBe(0);
  });
});
