import { PingWheel } from './ping-wheel';

describe(PingWheel.name, () => {
  const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

  it('should cut the interval into slices of about 100 ms, at least one', () => {
    expect(new PingWheel(25_000)).toMatchObject({ slices: 250, sliceMs: 100 });
    expect(new PingWheel(250)).toMatchObject({ slices: 3 });
    expect(new PingWheel(250).sliceMs).toBeCloseTo(83.33, 2);
    expect(new PingWheel(40)).toMatchObject({ slices: 1, sliceMs: 40 });
  });

  it.each([0, 1, 7, 250, 1001])(
    'should hand out each of %i connections exactly once per round, in even slices',
    (count) => {
      const wheel = new PingWheel<number>(25_000);
      const all = range(count);
      for (let round = 0; round < 2; round++) {
        const seen: number[] = [];
        const sizes: number[] = [];
        for (let s = 0; s < wheel.slices; s++) {
          const slice = wheel.turn(() => all);
          sizes.push(slice.length);
          seen.push(...slice);
        }
        expect(seen).toEqual(all);
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      }
    },
  );

  it('should take its snapshot at the start of a round, so a connection opened meanwhile waits for the next', () => {
    const wheel = new PingWheel<string>(300);
    const open = ['a', 'b', 'c'];
    expect(wheel.turn(() => open)).toEqual(['a']);
    open.push('d');
    expect([...wheel.turn(() => open), ...wheel.turn(() => open)]).toEqual(['b', 'c']);
    expect([wheel.turn(() => open), wheel.turn(() => open), wheel.turn(() => open)].flat()).toEqual([
      'a',
      'b',
      'c',
      'd',
    ]);
  });
});
