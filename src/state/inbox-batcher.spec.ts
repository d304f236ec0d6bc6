import { Logger } from '@nestjs/common';
import { InboxBatcher } from './inbox-batcher';

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe(InboxBatcher.name, () => {
  const logger = (): Logger => ({ error: jest.fn() }) as unknown as Logger;

  function recorder(answer: (channel: string) => Promise<number> = () => Promise.resolve(1)) {
    const sent: [string, string][] = [];
    let calls = 0;
    const sut = new InboxBatcher((batches) => {
      calls += 1;
      return batches.map(([channel, payload]) => {
        sent.push([channel, payload]);
        return answer(channel);
      });
    }, logger());
    return { sut, sent, calls: () => calls };
  }

  /** The outcome `done` hears, as a promise. */
  const publish = (sut: InboxBatcher, channel: string, record: string): Promise<number> =>
    new Promise((resolve, reject) =>
      sut.publish(channel, record, (receivers, error) => (error ? reject(error) : resolve(receivers))),
    );

  it('should send the messages of one turn to a channel as one payload of lines, in order, and a lone one as is, all in one send', async () => {
    const { sut, sent, calls } = recorder();

    const answers = [
      publish(sut, 'a', '{"kind":"x","n":1}'),
      publish(sut, 'b', '{"kind":"x","n":2}'),
      publish(sut, 'a', 'x\tpacked 3'),
    ];

    expect(sent).toEqual([]);
    await turn();
    expect(sent).toEqual([
      ['a', '{"kind":"x","n":1}\nx\tpacked 3'],
      ['b', '{"kind":"x","n":2}'],
    ]);
    expect(calls()).toBe(1);
    expect(await Promise.all(answers)).toEqual([1, 1, 1]);
  });

  it('should start a new batch every turn', async () => {
    const { sut, sent } = recorder();

    void publish(sut, 'a', '{"kind":"x","n":1}');
    await turn();
    void publish(sut, 'a', '{"kind":"x","n":2}');
    await turn();

    expect(sent.map(([, payload]) => JSON.parse(payload).n)).toEqual([1, 2]);
  });

  it('should hold the next batch of a channel while its PUBLISH is unanswered, and send it, grown, on the answer', async () => {
    let answer: (receivers: number) => void = () => undefined;
    const { sut, sent } = recorder((channel) =>
      channel === 'slow' ? new Promise<number>((resolve) => (answer = resolve)) : Promise.resolve(1),
    );

    const first = publish(sut, 'slow', 'k\t1');
    await turn();
    const later = [publish(sut, 'slow', 'k\t2'), publish(sut, 'other', 'k\tx')];
    await turn();
    const last = publish(sut, 'slow', 'k\t3');
    await turn();

    expect(sent).toEqual([
      ['slow', 'k\t1'],
      ['other', 'k\tx'],
    ]);
    answer(1);
    expect(await first).toBe(1);
    expect(sent[2]).toEqual(['slow', 'k\t2\nk\t3']);
    answer(2);
    expect(await Promise.all([...later, last])).toEqual([2, 1, 2]);
  });

  it('should send a full batch at once and keep the order of what follows', async () => {
    const { sut, sent } = recorder();

    for (let n = 0; n < 257; n++) {
      void publish(sut, 'a', `{"kind":"x","n":${n}}`);
    }

    expect(sent).toHaveLength(1);
    expect(sent[0][1].split('\n')).toHaveLength(256);
    await turn();
    expect(sent).toHaveLength(2);
    expect(JSON.parse(sent[1][1])).toEqual({ kind: 'x', n: 256 });
  });

  it('should give every message of a batch the batch failure, and fail a send that throws', async () => {
    const { sut } = recorder((channel) =>
      channel === 'down' ? Promise.reject(new Error('Connection is closed')) : Promise.resolve(2),
    );
    const throwing = new InboxBatcher(() => {
      throw new Error("Stream isn't writeable");
    }, logger());

    const outcomes = Promise.all([
      expect(publish(sut, 'down', '{"kind":"x"}')).rejects.toThrow('Connection is closed'),
      expect(publish(sut, 'down', '{"kind":"y"}')).rejects.toThrow('Connection is closed'),
      expect(publish(throwing, 'a', '{"kind":"x"}')).rejects.toThrow("Stream isn't writeable"),
      expect(publish(sut, 'up', '{"kind":"x"}')).resolves.toBe(2),
    ]);
    await turn();

    await outcomes;
  });

  it('should still answer the rest of a batch when one callback throws, and log it', async () => {
    const log = logger();
    const sut = new InboxBatcher((batches) => batches.map(() => Promise.resolve(1)), log);
    const heard: number[] = [];

    sut.publish('a', '{"kind":"x"}', () => {
      throw new Error('boom');
    });
    sut.publish('a', '{"kind":"y"}', (receivers) => heard.push(receivers));
    await turn();
    await turn();

    expect(heard).toEqual([1]);
    expect(log.error).toHaveBeenCalledTimes(1);
  });

  it('should send what is open on flush', () => {
    const { sut, sent } = recorder();

    void publish(sut, 'a', '{"kind":"x"}');
    sut.flush();

    expect(sent).toEqual([['a', '{"kind":"x"}']]);
  });
});
