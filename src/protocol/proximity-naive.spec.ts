import { naivePeerLists } from './proximity-naive';

describe(naivePeerLists.name, () => {
  it('should list the nearest peers inside the square, nearest first, ties by id', () => {
    const positions = new Map([
      ['me', { x: 20, y: 20 }],
      ['b', { x: 21, y: 20 }],
      ['a', { x: 20, y: 21 }],
      ['corner', { x: 34, y: 34 }],
      ['out', { x: 35, y: 20 }],
    ]);

    const sut = naivePeerLists(positions, { maxPeers: 2 });

    expect(sut.get('me')).toEqual(['a', 'b']);
    expect(sut.get('corner')).toEqual(['out', 'a']); // a and b tie at 365
    expect(sut.get('out')).toEqual(['b', 'corner']); // me is 15 tiles away
  });
});
