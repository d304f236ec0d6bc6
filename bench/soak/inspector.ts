/**
 * Live heap after a full garbage collection, read from a coordinator through its inspector
 * (started with --inspect on 127.0.0.1 and a random port). V8 lets its heap grow for minutes before
 * its first major collections, so RSS and sampled heap sizes rise in a short run without any leak;
 * the heap that survives a forced full collection does not, unless something is kept that should
 * not be. Only the soak's own processes are inspected, on loopback.
 */
import WebSocket from 'ws';

/** The inspector's WebSocket URL from the banner the process prints on stderr. */
export function inspectorUrl(output: string): string | undefined {
  return /Debugger listening on (ws:\/\/127\.0\.0\.1:\d+\/[\w-]+)/.exec(output)?.[1];
}

/** Forces a full GC in the process and returns its used heap in MiB afterwards. */
export async function heapAfterGcMiB(url: string, timeoutMs = 20_000): Promise<number> {
  const ws = new WebSocket(url, { perMessageDeflate: false });
  try {
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    let nextId = 0;
    const call = (method: string): Promise<Record<string, unknown>> =>
      new Promise((resolve, reject) => {
        const id = ++nextId;
        const timer = setTimeout(() => reject(new Error(`inspector ${method} timed out`)), timeoutMs);
        const onMessage = (data: WebSocket.RawData): void => {
          const reply = JSON.parse((data as Buffer).toString('utf8')) as {
            id?: number;
            result?: Record<string, unknown>;
            error?: { message: string };
          };
          if (reply.id === id) {
            clearTimeout(timer);
            ws.off('message', onMessage);
            if (reply.error) {
              reject(new Error(reply.error.message));
            } else {
              resolve(reply.result ?? {});
            }
          }
        };
        ws.on('message', onMessage);
        ws.send(JSON.stringify({ id, method }));
      });
    await call('HeapProfiler.collectGarbage');
    const usage = await call('Runtime.getHeapUsage');
    return Math.round((Number(usage.usedSize) / 2 ** 20) * 10) / 10;
  } finally {
    ws.close();
  }
}
