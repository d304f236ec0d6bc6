/**
 * Rejects when `promise` has not settled within `ms`; the timer never outlives the race.
 *
 * The rejection waits one turn of the event loop (setImmediate) after the timer fires. After a
 * stall longer than `ms` (a long GC pause, a burst of work, a starved core) the timer is due and
 * the answer may already sit in the socket; timers run before I/O in Node's loop, so without the
 * extra turn an operation that did succeed would be reported as timed out (the soak saw cross-node
 * signals refused with DELIVERY_FAILED that were delivered all the same).
 */
export function withTimeout<T>(promise: Promise<T>, ms: number, message = `Timed out after ${ms} ms`): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  let late: NodeJS.Immediate | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      late = setImmediate(() => reject(new Error(message)));
    }, ms);
  });
  return Promise.race([promise, timeout]).finally(() => {
    clearTimeout(timer);
    clearImmediate(late);
  });
}
