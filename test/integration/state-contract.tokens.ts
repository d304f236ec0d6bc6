import { NodeFactory, sleep } from './state-contract.support';

const TTL = 60_000;

export function runTokenContract(f: NodeFactory): void {
  it('a family nothing happened to is current at every generation', async () => {
    const { tokens } = await f.node();
    expect(await tokens.isRevoked({ family: 'f1', generation: 0 })).toBe(false);
    expect(await tokens.isRevoked({ family: 'f1', generation: 7 })).toBe(false);
  });

  it('rotation retires the presented generation on every node, and the next one is current', async () => {
    const a = await f.node();
    const b = await f.node();
    expect(await a.tokens.rotate({ family: 'f1', generation: 0 }, TTL)).toBe('rotated');
    expect(await b.tokens.isRevoked({ family: 'f1', generation: 0 })).toBe(true);
    expect(await b.tokens.isRevoked({ family: 'f1', generation: 1 })).toBe(false);
    expect(await b.tokens.rotate({ family: 'f1', generation: 1 }, TTL)).toBe('rotated');
    expect(await a.tokens.isRevoked({ family: 'f1', generation: 1 })).toBe(true);
    expect(await a.tokens.isRevoked({ family: 'f2', generation: 0 })).toBe(false);
  });

  it('presenting a retired generation revokes the whole family', async () => {
    const { tokens } = await f.node();
    await tokens.rotate({ family: 'f1', generation: 0 }, TTL);
    expect(await tokens.rotate({ family: 'f1', generation: 0 }, TTL)).toBe('reused');
    expect(await tokens.isRevoked({ family: 'f1', generation: 1 })).toBe(true);
    expect(await tokens.rotate({ family: 'f1', generation: 1 }, TTL)).toBe('revoked');
  });

  it('of two concurrent exchanges of one generation, exactly one rotates', async () => {
    const a = await f.node();
    const b = await f.node();
    const results = await Promise.all([
      a.tokens.rotate({ family: 'f1', generation: 0 }, TTL),
      b.tokens.rotate({ family: 'f1', generation: 0 }, TTL),
    ]);
    expect(results.sort()).toEqual(['reused', 'rotated']);
    // The loser's presentation was a reuse, so nobody keeps the family.
    expect(await a.tokens.isRevoked({ family: 'f1', generation: 1 })).toBe(true);
  });

  it('a generation newer than the record (the record was lost) is current and rotates', async () => {
    const { tokens } = await f.node();
    await tokens.rotate({ family: 'f1', generation: 0 }, TTL);
    expect(await tokens.isRevoked({ family: 'f1', generation: 4 })).toBe(false);
    expect(await tokens.rotate({ family: 'f1', generation: 4 }, TTL)).toBe('rotated');
    expect(await tokens.isRevoked({ family: 'f1', generation: 4 })).toBe(true);
  });

  it('a revoked family stays revoked until its record expires', async () => {
    const { tokens } = await f.node();
    await tokens.revokeFamily('f1', 200);
    expect(await tokens.isRevoked({ family: 'f1', generation: 0 })).toBe(true);
    expect(await tokens.rotate({ family: 'f1', generation: 0 }, TTL)).toBe('revoked');
    await sleep(300);
    expect(await tokens.isRevoked({ family: 'f1', generation: 0 })).toBe(false);
  });

  it('refuses a TTL Redis would refuse', async () => {
    const { tokens } = await f.node();
    await expect(tokens.revokeFamily('f1', 0)).rejects.toThrow(/TTL/);
    await expect(tokens.rotate({ family: 'f1', generation: 0 }, 1.5)).rejects.toThrow(/TTL/);
  });
}
