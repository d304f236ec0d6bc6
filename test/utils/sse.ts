/** A minimal server-sent-events reader over fetch, for tests of the dashboard stream. */
export interface SseEvent {
  event: string;
  data: string;
  at: number;
}

export interface SseStream {
  status: number;
  headers: Headers;
  /** Resolves with the next `count` events (waits for them). */
  take(count: number, timeoutMs?: number): Promise<SseEvent[]>;
  close(): void;
}

export async function openSse(url: string, headers: Record<string, string> = {}): Promise<SseStream> {
  const abort = new AbortController();
  const response = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: abort.signal });
  const events: SseEvent[] = [];
  let buffer = '';
  const reader = response.body?.getReader();
  const decoder = new TextDecoder();
  const pump = async (): Promise<void> => {
    for (;;) {
      const { done, value } = await reader!.read();
      if (done) {
        return;
      }
      buffer += decoder.decode(value, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const lines = block.split('\n');
        const event = lines.find((line) => line.startsWith('event: '))?.slice(7);
        const data = lines
          .filter((line) => line.startsWith('data: '))
          .map((line) => line.slice(6))
          .join('\n');
        if (event) {
          events.push({ event, data, at: Date.now() });
        }
      }
    }
  };
  if (reader && response.ok) {
    void pump().catch(() => undefined);
  }
  return {
    status: response.status,
    headers: response.headers,
    async take(count, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (events.length < count) {
        if (Date.now() > deadline) {
          throw new Error(`only ${events.length} of ${count} events arrived`);
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return events.splice(0, count);
    },
    close: () => abort.abort(),
  };
}
