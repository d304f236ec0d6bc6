import { TurnBatch } from './turn-batch';

describe(TurnBatch.name, () => {
  it('should send the items added in one turn as one call and answer each with its own result', async () => {
    const flush = jest.fn((items: readonly number[]) => Promise.resolve(items.map((n) => n * 10)));
    const sut = new TurnBatch(flush);
    const answers = Promise.all([sut.add(1), sut.add(2), sut.add(3)]);
    expect(flush).not.toHaveBeenCalled();
    await expect(answers).resolves.toEqual([10, 20, 30]);
    expect(flush.mock.calls).toEqual([[[1, 2, 3]]]);
  });

  it('should gather the continuations of one settled promise with the synchronous adds', async () => {
    const flush = jest.fn((items: readonly string[]) => Promise.resolve(items.map((s) => s.toUpperCase())));
    const sut = new TurnBatch(flush);
    const ready = Promise.resolve();
    const answers = Promise.all([sut.add('a'), ready.then(() => sut.add('b')), ready.then(() => sut.add('c'))]);
    await expect(answers).resolves.toEqual(['A', 'B', 'C']);
    expect(flush.mock.calls).toEqual([[['a', 'b', 'c']]]);
  });

  it('should start a new batch for what is added after a batch was sent', async () => {
    const flush = jest.fn((items: readonly number[]) => Promise.resolve(items.map((n) => n + 1)));
    const sut = new TurnBatch(flush);
    await expect(sut.add(1)).resolves.toBe(2);
    await expect(Promise.all([sut.add(5), sut.add(6)])).resolves.toEqual([6, 7]);
    expect(flush.mock.calls).toEqual([[[1]], [[5, 6]]]);
  });

  it("should fail every item of a batch whose flush fails, and not the next batch's", async () => {
    let fail = true;
    const sut = new TurnBatch((items: readonly number[]) =>
      fail ? Promise.reject(new Error('down')) : Promise.resolve(items),
    );
    const first = [sut.add(1), sut.add(2)];
    await expect(first[0]).rejects.toThrow('down');
    await expect(first[1]).rejects.toThrow('down');
    fail = false;
    await expect(sut.add(3)).resolves.toBe(3);
  });

  it('should treat a flush that throws before returning a promise as a failed batch', async () => {
    const sut = new TurnBatch<number, number>(() => {
      throw new Error('sync');
    });
    await expect(sut.add(1)).rejects.toThrow('sync');
  });
});
