import fc from 'fast-check';
import { idKey } from './proximity-idkey';

describe(idKey.name, () => {
  it('should never order two ids against plain string comparison', () => {
    // Few distinct units, so generated pairs often share long prefixes and hit the digit limits.
    const unit = fc.constantFrom('\0', '0', '1', 'p', '|', '}', '~', '\x7f', 'é', '\uffff');
    const id = fc.oneof(fc.string({ maxLength: 10, unit: 'binary' }), fc.string({ maxLength: 10, unit }));
    fc.assert(
      fc.property(id, id, (a, b) => {
        const [ka, kb] = [idKey(a), idKey(b)];
        return (ka < kb ? a < b : true) && (ka > kb ? a > b : true);
      }),
      { numRuns: 5_000 },
    );
  });

  it('should tell apart typical ids and leave long shared prefixes to the strings', () => {
    expect(idKey('p10')).toBeLessThan(idKey('p100'));
    expect(idKey('p100')).toBeLessThan(idKey('p9'));
    expect(idKey('')).toBeLessThan(idKey('\0'));
    expect(idKey('session-a')).toBe(idKey('session-b'));
    expect(idKey('é1')).toBe(idKey('é2'));
    expect(Number.isSafeInteger(idKey('zzzzzzzzzz'))).toBe(true);
  });
});
