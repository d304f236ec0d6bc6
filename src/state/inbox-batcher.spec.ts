import { InboxBatcher } from './inbox-batcher';

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe(InboxBatcher.name, () => {
  function recorder(answer: (channel: string) => Promise<number> = () => Promise.resolve(1)) {
    const sent: [string, string][] = [];
    let calls = 0;
    const sut = new InboxBatcher((batches) => {
      calls += 1;
      return batches.map(([channel, payload]) => {
        sent.push([channel, payload]);
        return answer(channel);
      });
    });
    return { sut, sent, calls: () => calls };
  }

  it('should send the messages of one turn to a channel as one batch, in order, and a lone one as is, all in one send', async () => {
    const { sut, sent, calls } = recorder();

    const answers = [
      sut.publish('a', '{"kind":"x","n":1}'),
      sut.publish('b', '{"kind":"x","n":2}'),
      sut.publish('a', '{"kind":"x","n":3}'),
    ];

    expect(sent).toEqual([]);
    await turn();
    expect(sent).toEqual([
      ['a', '{"kind":"batch","messages":[{"kind":"x","n":1},{"kind":"x","n":3}]}'],
      ['b', '{"kind":"x","n":2}'],
    ]);
    expect(calls()).toBe(1);
    expect(await Promise.all(answers)).toEqual([1, 1, 1]);
  });

  it('should start a new batch every turn', async () => {
    const { sut, sent } = recorder();

    void sut.publish('a', '{"kind":"x","n":1}');
    await turn();
    void sut.publish('a', '{"kind":"x","n":2}');
    await turn();

    expect(sent.map(([, payload]) => JSON.parse(payload).n)).toEqual([1, 2]);
  });

  it('should send a full batch at once and keep the order of what follows', async () => {
    const { sut, sent } = recorder();

    for (let n = 0; n < 65; n++) {
      void sut.publish('a', `{"kind":"x","n":${n}}`);
    }

    expect(sent).toHaveLength(1);
    expect(JSON.parse(sent[0][1]).messages).toHaveLength(64);
    await turn();
    expect(sent).toHaveLength(2);
    expect(JSON.parse(sent[1][1])).toEqual({ kind: 'x', n: 64 });
  });

  it('should give every message of a batch the batch failure, and fail a send that throws', async () => {
    const { sut } = recorder((channel) =>
      channel === 'down' ? Promise.reject(new Error('Connection is closed')) : Promise.resolve(2),
    );
    const throwing = new InboxBatcher(() => {
      throw new Error("Stream isn't writeable");
    });

    // Expectations attached before the turn, as callers await at once: no rejection goes unhandled.
    const outcomes = Promise.all([
      expect(sut.publish('down', '{"kind":"x"}')).rejects.toThrow('Connection is closed'),
      expect(sut.publish('down', '{"kind":"y"}')).rejects.toThrow('Connection is closed'),
      expect(throwing.publish('a', '{"kind":"x"}')).rejects.toThrow("Stream isn't writeable"),
      expect(sut.publish('up', '{"kind":"x"}')).resolves.toBe(2),
    ]);
    await turn();

    await outcomes;
  });

  it('should send what is open on flush', () => {
    const { sut, sent } = recorder();

    void sut.publish('a', '{"kind":"x"}');
    sut.flush();

    expect(sent).toEqual([['a', '{"kind":"x"}']]);
  });
});
