import { Logger } from '@nestjs/common';
import { InboxDispatcher } from './inbox-dispatcher';
import { InboxMessage } from './node-inbox.store';

describe(InboxDispatcher.name, () => {
  function setup() {
    const logger = { warn: jest.fn(), error: jest.fn() } as unknown as Logger;
    const sut = new InboxDispatcher('inbox:*all*', logger);
    const received: InboxMessage[] = [];
    sut.add('inbox:n1', (msg) => received.push(msg));
    return { sut, received, logger };
  }

  it('should hand a plain message to the channel handlers', () => {
    const { sut, received } = setup();

    sut.dispatch('inbox:n1', '{"kind":"signal","n":1}');

    expect(received).toEqual([{ kind: 'signal', n: 1 }]);
  });

  it('should unpack a batch into its messages, in order, dropping malformed items only', () => {
    const { sut, received, logger } = setup();

    sut.dispatch(
      'inbox:n1',
      '{"kind":"batch","messages":[{"kind":"a"},{"nokind":1},{"kind":"batch","messages":[]},{"kind":"b"}]}',
    );

    expect(received).toEqual([{ kind: 'a' }, { kind: 'b' }]);
    expect(logger.warn).toHaveBeenCalledTimes(2);
  });

  it('should drop a batch without a message list and malformed payloads', () => {
    const { sut, received, logger } = setup();

    sut.dispatch('inbox:n1', '{"kind":"batch","messages":{"kind":"a"}}');
    sut.dispatch('inbox:n1', 'not json');
    sut.dispatch('inbox:n1', 'null');

    expect(received).toEqual([]);
    expect(logger.warn).toHaveBeenCalledTimes(3);
  });

  it('should keep handling a batch when one handler throws', () => {
    const { sut, received, logger } = setup();
    sut.add('inbox:n1', () => {
      throw new Error('boom');
    });

    sut.dispatch('inbox:n1', '{"kind":"batch","messages":[{"kind":"a"},{"kind":"b"}]}');

    expect(received).toEqual([{ kind: 'a' }, { kind: 'b' }]);
    expect(logger.error).toHaveBeenCalledTimes(2);
  });
});
