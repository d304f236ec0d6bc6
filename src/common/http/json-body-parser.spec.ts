import { bodyShapeProblem, MAX_JSON_DEPTH } from './json-body-parser';

describe(bodyShapeProblem.name, () => {
  const nested = (depth: number): unknown => JSON.parse(`${'{"a":['.repeat(depth / 2)}1${']}'.repeat(depth / 2)}`);

  it('should pass every real body shape and refuse one level more than the limit, in the 422 wording', () => {
    expect(bodyShapeProblem({ ice_servers: [{ urls: ['stun:a'] }] })).toBeUndefined();
    expect(bodyShapeProblem(nested(MAX_JSON_DEPTH))).toBeUndefined();
    expect(bodyShapeProblem(nested(MAX_JSON_DEPTH + 2))).toBe(
      `Invalid request: the body nests more than ${MAX_JSON_DEPTH} levels deep`,
    );
  });

  it('should limit depth only: a session with 1,000 initial players is a valid body', () => {
    const players = Array.from({ length: 1000 }, (_, i) => `player-${i}`);
    expect(bodyShapeProblem({ zone_id: 'prontera', player_ids: players })).toBeUndefined();
    expect(bodyShapeProblem({ rows: Array.from({ length: 20_000 }, () => ({ a: [1] })) })).toBeUndefined();
  });

  it('should check 200,000 levels without overflowing the stack', () => {
    expect(bodyShapeProblem(nested(200_000))).toContain('levels deep');
  });
});
