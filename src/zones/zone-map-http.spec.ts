import { etagMatches } from './zone-map-http';

describe(etagMatches.name, () => {
  const etag = '"abc"';

  it.each([
    [undefined, false],
    ['"abc"', true],
    ['W/"abc"', true],
    ['"x", "abc"', true],
    ['"x",W/"abc" ', true],
    ['*', true],
    ['"abcd"', false],
    ['abc', false],
    ['', false],
  ])('If-None-Match %p matches: %p', (header, matches) => {
    expect(etagMatches(header, etag)).toBe(matches);
  });
});
