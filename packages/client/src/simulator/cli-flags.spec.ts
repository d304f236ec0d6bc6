import { eachFlag, listFlag, numberFlag } from './cli-flags';

describe('cli-flags', () => {
  const walk = (argv: string[]): Array<[string, string | undefined]> => {
    const seen: Array<[string, string | undefined]> = [];
    eachFlag(argv, (flag, value) => {
      seen.push([flag, flag.startsWith('--no-value') ? undefined : value()]);
    });
    return seen;
  };

  it('should read a value inline or from the next argument, and keep an inline value with "="', () => {
    expect(walk(['--a', '1', '--b=2', '--c=x=y', '--no-value', '--d', 'z'])).toEqual([
      ['--a', '1'],
      ['--b', '2'],
      ['--c', 'x=y'],
      ['--no-value', undefined],
      ['--d', 'z'],
    ]);
  });

  it('should stop at help and say so', () => {
    const seen: string[] = [];
    const answer = eachFlag(['--a', '--help', '--b'], (flag) => {
      seen.push(flag);
      return flag === '--help' ? 'help' : undefined;
    });

    expect(answer).toBe('help');
    expect(seen).toEqual(['--a', '--help']);
  });

  it('should take numbers within their bounds only', () => {
    expect(numberFlag('--n', '2.5', 0, 3)).toBe(2.5);
    for (const raw of [undefined, '', 'x', '-1', '4', 'Infinity']) {
      expect(() => numberFlag('--n', raw, 0, 3)).toThrow('--n must be a number from 0 to 3');
    }
  });

  it('should split lists on commas and refuse an empty one', () => {
    expect(listFlag('--zones', ' a, b ,,c')).toEqual(['a', 'b', 'c']);
    expect(() => listFlag('--zones', ' , ')).toThrow('--zones needs a value');
  });
});
