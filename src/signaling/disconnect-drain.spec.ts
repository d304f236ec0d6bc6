import { setImmediate as nextTurn } from 'node:timers/promises';
import { DisconnectDrain } from './disconnect-drain';

/** A job that records its start and settles when the test says so. */
function gate(started: string[], name: string): { job: () => Promise<string>; open: () => void; fail: () => void } {
  let open!: () => void;
  let fail!: () => void;
  const settled = new Promise<string>((resolve, reject) => {
    open = () => resolve(name);
    fail = () => reject(new Error(name));
  });
  return {
    job: () => {
      started.push(name);
      return settled;
    },
    open,
    fail,
  };
}

describe(DisconnectDrain.name, () => {
  it('should start nothing in the turn a job is queued, then a slice per turn', async () => {
    const sut = new DisconnectDrain({ concurrency: 100, slice: 2 });
    const started: string[] = [];
    const gates = ['a', 'b', 'c', 'd', 'e'].map((name) => gate(started, name));
    gates.forEach((g) => void sut.run(g.job));
    expect(started).toEqual([]);
    await nextTurn();
    expect(started).toEqual(['a', 'b']);
    await nextTurn();
    expect(started).toEqual(['a', 'b', 'c', 'd']);
    await nextTurn();
    expect(started).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(sut.queued).toBe(0);
    expect(sut.inFlight).toBe(5);
  });

  it('should keep at most `concurrency` jobs in flight and start the next, in order, as one settles', async () => {
    const sut = new DisconnectDrain({ concurrency: 2, slice: 10 });
    const started: string[] = [];
    const gates = ['a', 'b', 'c', 'd'].map((name) => gate(started, name));
    const results = gates.map((g) => sut.run(g.job));
    await nextTurn();
    expect(started).toEqual(['a', 'b']);
    expect(sut).toMatchObject({ queued: 2, inFlight: 2 });
    gates[1].open();
    await expect(results[1]).resolves.toBe('b');
    await nextTurn();
    expect(started).toEqual(['a', 'b', 'c']);
    gates[0].open();
    gates[2].open();
    await Promise.all([results[0], results[2]]);
    await nextTurn();
    expect(started).toEqual(['a', 'b', 'c', 'd']);
    gates[3].open();
    await expect(results[3]).resolves.toBe('d');
    await nextTurn();
    expect(sut).toMatchObject({ queued: 0, inFlight: 0 });
  });

  it('should pass a failure to its caller and free the slot for the next job', async () => {
    const sut = new DisconnectDrain({ concurrency: 1, slice: 1 });
    const started: string[] = [];
    const failing = gate(started, 'a');
    const next = gate(started, 'b');
    const first = sut.run(failing.job);
    const second = sut.run(next.job);
    await nextTurn();
    failing.fail();
    await expect(first).rejects.toThrow('a');
    await nextTurn();
    expect(started).toEqual(['a', 'b']);
    next.open();
    await expect(second).resolves.toBe('b');
  });

  it('should treat a job that throws before returning a promise as a failure, not a lost slot', async () => {
    const sut = new DisconnectDrain({ concurrency: 1, slice: 1 });
    const throwing = sut.run((): Promise<void> => {
      throw new Error('sync');
    });
    const after = sut.run(() => Promise.resolve('ran'));
    await expect(throwing).rejects.toThrow('sync');
    await expect(after).resolves.toBe('ran');
  });

  it('should run every one of a large burst exactly once, in order', async () => {
    const sut = new DisconnectDrain({ concurrency: 16, slice: 8 });
    const order: number[] = [];
    const all = Array.from({ length: 3000 }, (_, i) =>
      sut.run(async () => {
        order.push(i);
        await nextTurn();
      }),
    );
    await Promise.all(all);
    expect(order).toEqual(Array.from({ length: 3000 }, (_, i) => i));
    expect(sut).toMatchObject({ queued: 0, inFlight: 0 });
  });
});
