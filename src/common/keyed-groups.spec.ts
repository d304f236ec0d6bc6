import { GroupedRequest, KeyedGroups } from './keyed-groups';

/** A run whose groups stay open until the test releases them, recording what each group held. */
function controlledRun(): {
  groups: Array<{ key: string; items: number[] }>;
  release: () => void;
  run: (key: string, group: GroupedRequest<number, string>[]) => Promise<void>;
} {
  const groups: Array<{ key: string; items: number[] }> = [];
  const gates: Array<() => void> = [];
  return {
    groups,
    release: () => gates.splice(0).forEach((open) => open()),
    run: async (key, group) => {
      groups.push({ key, items: group.map((request) => request.item) });
      await new Promise<void>((open) => gates.push(open));
      group.forEach((request) => request.resolve(`${key}:${request.item}`));
    },
  };
}

const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('KeyedGroups', () => {
  it('should run the first request of an idle key at once, alone', async () => {
    const control = controlledRun();
    const groups = new KeyedGroups(8, control.run);

    const answer = groups.submit('a', 1);
    await flush();

    expect(control.groups).toEqual([{ key: 'a', items: [1] }]);
    control.release();
    await expect(answer).resolves.toBe('a:1');
  });

  it('should group the requests that arrive while a key runs, in order, and answer each', async () => {
    const control = controlledRun();
    const groups = new KeyedGroups(8, control.run);

    const answers = [1, 2, 3, 4].map((n) => groups.submit('a', n));
    await flush();
    control.release();
    await flush();
    control.release();

    await expect(Promise.all(answers)).resolves.toEqual(['a:1', 'a:2', 'a:3', 'a:4']);
    expect(control.groups).toEqual([
      { key: 'a', items: [1] },
      { key: 'a', items: [2, 3, 4] },
    ]);
  });

  it('should cap a group at maxGroup and take the rest in the next one', async () => {
    const control = controlledRun();
    const groups = new KeyedGroups(2, control.run);

    const answers = [1, 2, 3, 4, 5].map((n) => groups.submit('a', n));
    for (let i = 0; i < 3; i++) {
      await flush();
      control.release();
    }

    await Promise.all(answers);
    expect(control.groups.map((group) => group.items)).toEqual([[1], [2, 3], [4, 5]]);
  });

  it('should count the requests of a key waiting behind its running group', async () => {
    const control = controlledRun();
    const groups = new KeyedGroups(2, control.run);
    expect(groups.waiting('a')).toBe(0);

    const answers = [1, 2, 3, 4].map((n) => groups.submit('a', n));
    await flush();
    expect(groups.waiting('a')).toBe(3); // 1 runs; 2, 3 and 4 wait
    expect(groups.waiting('b')).toBe(0);
    control.release();
    await answers[0];
    await flush();
    expect(groups.waiting('a')).toBe(1); // 2 and 3 run; 4 waits
    control.release();
    await flush();
    control.release();
    await Promise.all(answers);
    expect(groups.waiting('a')).toBe(0);
  });

  it('should run different keys side by side', async () => {
    const control = controlledRun();
    const groups = new KeyedGroups(8, control.run);

    const answers = [groups.submit('a', 1), groups.submit('b', 2), groups.submit('a', 3)];
    await flush();

    expect(control.groups).toEqual([
      { key: 'a', items: [1] },
      { key: 'b', items: [2] },
    ]);
    expect(groups.busyKeys).toBe(2);
    control.release();
    await flush();
    control.release();
    await expect(Promise.all(answers)).resolves.toEqual(['a:1', 'b:2', 'a:3']);
    expect(groups.busyKeys).toBe(0);
  });

  it('should reject the requests a failed run left unsettled, keep the answers it gave, and go on', async () => {
    let calls = 0;
    const groups = new KeyedGroups<string, number, number>(8, async (_key, group) => {
      calls++;
      if (calls === 2) {
        group[0].resolve(group[0].item * 10);
        throw new Error('database down');
      }
      group.forEach((request) => request.resolve(request.item));
    });

    const first = groups.submit('a', 1);
    const failed = [groups.submit('a', 2), groups.submit('a', 3)];
    const results = await Promise.allSettled([first, ...failed]);
    const later = await groups.submit('a', 4);

    expect(results).toEqual([
      { status: 'fulfilled', value: 1 },
      { status: 'fulfilled', value: 20 },
      { status: 'rejected', reason: new Error('database down') },
    ]);
    expect(later).toBe(4);
    expect(groups.busyKeys).toBe(0);
  });
});
