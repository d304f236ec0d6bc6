/** One request waiting in a group, with the settlement of the promise its caller holds. */
export interface GroupedRequest<T, R> {
  item: T;
  resolve: (result: R) => void;
  reject: (error: unknown) => void;
}

/**
 * Requests per key go through `run` in groups: the first request of an idle key runs at once (it
 * never waits for company); requests arriving while a key's group runs wait and then go together,
 * at most `maxGroup` at a time. So a burst to one key (a crowded zone's joins, a session's
 * members leaving together) shares one transaction instead of queueing one transaction each on a
 * row lock, each holding a pool connection while it waits. Other keys are independent.
 *
 * `run` settles every request of its group; should it throw instead, the group's requests that it
 * left unsettled are rejected with that error.
 */
export class KeyedGroups<K, T, R> {
  private readonly queues = new Map<K, GroupedRequest<T, R>[]>();

  constructor(
    private readonly maxGroup: number,
    private readonly run: (key: K, group: GroupedRequest<T, R>[]) => Promise<void>,
  ) {}

  /** Keys with a group running now. */
  get busyKeys(): number {
    return this.queues.size;
  }

  /** Requests of `key` waiting behind the group that runs now (0 when idle or none wait). */
  waiting(key: K): number {
    return this.queues.get(key)?.length ?? 0;
  }

  submit(key: K, item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      const queue = this.queues.get(key);
      if (queue) {
        queue.push({ item, resolve, reject });
        return;
      }
      const fresh = [{ item, resolve, reject }];
      this.queues.set(key, fresh);
      void this.drain(key, fresh);
    });
  }

  private async drain(key: K, queue: GroupedRequest<T, R>[]): Promise<void> {
    try {
      while (queue.length > 0) {
        const group = queue.splice(0, this.maxGroup);
        try {
          await this.run(key, group);
        } catch (error) {
          // A promise settles once: requests `run` already answered keep their answer.
          group.forEach((request) => request.reject(error));
        }
      }
    } finally {
      this.queues.delete(key);
    }
  }
}
