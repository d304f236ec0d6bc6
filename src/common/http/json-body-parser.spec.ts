import { MAX_JSON_DEPTH, nestsDeeperThan } from './json-body-parser';

describe(nestsDeeperThan.name, () => {
  const nested = (depth: number): unknown => JSON.parse(`${'{"a":['.repeat(depth / 2)}1${']}'.repeat(depth / 2)}`);

  it('should count arrays and objects as levels, scalars as none', () => {
    expect(nestsDeeperThan(1, 0)).toBe(false);
    expect(nestsDeeperThan({}, 0)).toBe(true);
    expect(nestsDeeperThan({ a: [1] }, 2)).toBe(false);
    expect(nestsDeeperThan({ a: [[1]] }, 2)).toBe(true);
    expect(nestsDeeperThan({ a: 1, b: { c: { d: null } } }, 2)).toBe(true);
  });

  it('should pass every real body shape and refuse one level more than the limit', () => {
    expect(nestsDeeperThan({ ice_servers: [{ urls: ['stun:a'] }] }, MAX_JSON_DEPTH)).toBe(false);
    expect(nestsDeeperThan(nested(MAX_JSON_DEPTH), MAX_JSON_DEPTH)).toBe(false);
    expect(nestsDeeperThan(nested(MAX_JSON_DEPTH + 2), MAX_JSON_DEPTH)).toBe(true);
  });

  it('should check 200,000 levels without overflowing the stack', () => {
    expect(nestsDeeperThan(nested(200_000), MAX_JSON_DEPTH)).toBe(true);
  });
});
