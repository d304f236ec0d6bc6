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

  it('should hand each line of a payload on, in order, dropping malformed lines only', () => {
    const { sut, received, logger } = setup();

    sut.dispatch('inbox:n1', '{"kind":"a"}\n{"nokind":1}\nnot json\n{"kind":"b","s":"x\\ny"}');

    expect(received).toEqual([{ kind: 'a' }, { kind: 'b', s: 'x\ny' }]);
    expect(logger.warn).toHaveBeenCalledTimes(2);
  });

  it('should hand a packed message on unparsed, with its kind', () => {
    const { sut, received, logger } = setup();

    sut.dispatch('inbox:n1', 'signal\toffer\t"a"\t{"x":1}\n{"kind":"b"}\n\tno kind');

    expect(received).toEqual([{ kind: 'signal', packed: 'offer\t"a"\t{"x":1}' }, { kind: 'b' }]);
    expect(logger.warn).toHaveBeenCalledTimes(1);
  });

  it('should drop malformed payloads', () => {
    const { sut, received, logger } = setup();

    sut.dispatch('inbox:n1', 'not json');
    sut.dispatch('inbox:n1', 'null');
    sut.dispatch('inbox:n1', '');

    expect(received).toEqual([]);
    expect(logger.warn).toHaveBeenCalledTimes(3);
  });

  it('should keep handling a batch when one handler throws', () => {
    const { sut, received, logger } = setup();
    sut.add('inbox:n1', () => {
      throw new Error('boom');
    });

    sut.dispatch('inbox:n1', '{"kind":"a"}\n{"kind":"b"}');

    expect(received).toEqual([{ kind: 'a' }, { kind: 'b' }]);
    expect(logger.error).toHaveBeenCalledTimes(2);
  });
});
