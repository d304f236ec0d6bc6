import { NodeFactory, sleep } from './state-contract.support';

export function runMovementContract(f: NodeFactory): void {
  it('a record written on one node is read on another, alone or in a batch', async () => {
    const a = await f.node();
    const b = await f.node();
    expect(await b.movements.get('alice')).toBeNull();
    await a.movements.putMany(
      new Map([
        ['alice', '{"x":1}'],
        ['bob', '{"x":2}'],
      ]),
      60_000,
    );
    expect(await b.movements.get('alice')).toBe('{"x":1}');
    expect(await b.movements.getMany(['bob', 'carol', 'alice'])).toEqual(
      new Map([
        ['bob', '{"x":2}'],
        ['alice', '{"x":1}'],
      ]),
    );
    expect(await b.movements.getMany([])).toEqual(new Map());
  });

  it('a later write replaces the record, and a record expires after its TTL', async () => {
    const { movements } = await f.node();
    await movements.putMany(new Map([['alice', 'one']]), 60_000);
    await movements.putMany(new Map([['alice', 'two']]), 100);
    expect(await movements.get('alice')).toBe('two');
    await sleep(200);
    expect(await movements.get('alice')).toBeNull();
  });

  it('refuses a TTL that is not a positive number of ms', async () => {
    const { movements } = await f.node();
    await expect(movements.putMany(new Map([['alice', 'x']]), 0)).rejects.toThrow();
  });
}
