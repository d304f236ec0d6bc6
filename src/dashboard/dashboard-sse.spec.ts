// The page's stream reader is plain browser JavaScript (no build step); its parser loads under Node too.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createParser } = require('./public/sse.js') as {
  createParser: (
    onEvent: (event: { event: string; data: string }) => void,
    onRetry?: (ms: number) => void,
  ) => (text: string) => void;
};

describe('dashboard stream parser', () => {
  it('should read events however the text is cut into chunks', () => {
    const text =
      'retry: 2000\n\nevent: map\ndata: {"zone":"prontera"}\n\n: keep-alive\n\nevent: traffic\ndata: {"a":1}\ndata: {"b":2}\n\ndata: plain\n\n';
    for (const size of [1, 3, 7, text.length]) {
      const events: { event: string; data: string }[] = [];
      const retries: number[] = [];
      const feed = createParser(
        (event) => events.push(event),
        (ms) => retries.push(ms),
      );
      for (let i = 0; i < text.length; i += size) {
        feed(text.slice(i, i + size));
      }
      expect(retries).toEqual([2000]);
      expect(events).toEqual([
        { event: 'map', data: '{"zone":"prontera"}' },
        { event: 'traffic', data: '{"a":1}\n{"b":2}' },
        { event: 'message', data: 'plain' },
      ]);
    }
  });

  it('should hold an event back until its blank line arrives', () => {
    const events: unknown[] = [];
    const feed = createParser((event) => events.push(event));
    feed('event: map\ndata: {}\n');
    expect(events).toEqual([]);
    feed('\n');
    expect(events).toEqual([{ event: 'map', data: '{}' }]);
  });
});
