/**
 * A minimal typed event emitter. Listener signatures are checked at compile time from an event map,
 * so SDK users get autocompletion and cannot subscribe to a misspelled event. A listener that throws
 * is isolated: it must not break the client's socket handling or the other listeners.
 */
export type Listener<Args extends unknown[]> = (...args: Args) => void;

export class TypedEmitter<Events extends { [K in keyof Events]: unknown[] }> {
  private readonly listeners = new Map<keyof Events, Set<Listener<never[]>>>();

  on<K extends keyof Events>(event: K, listener: Listener<Events[K]>): this {
    let set = this.listeners.get(event);
    if (!set) {
      set = new Set();
      this.listeners.set(event, set);
    }
    set.add(listener as unknown as Listener<never[]>);
    return this;
  }

  once<K extends keyof Events>(event: K, listener: Listener<Events[K]>): this {
    const wrapped: Listener<Events[K]> = (...args) => {
      this.off(event, wrapped);
      listener(...args);
    };
    return this.on(event, wrapped);
  }

  off<K extends keyof Events>(event: K, listener: Listener<Events[K]>): this {
    this.listeners.get(event)?.delete(listener as unknown as Listener<never[]>);
    return this;
  }

  removeAllListeners(event?: keyof Events): this {
    if (event === undefined) {
      this.listeners.clear();
    } else {
      this.listeners.delete(event);
    }
    return this;
  }

  listenerCount(event: keyof Events): number {
    return this.listeners.get(event)?.size ?? 0;
  }

  /** Resolves with the arguments of the next emission, or rejects after `timeoutMs`. */
  waitFor<K extends keyof Events>(
    event: K,
    timeoutMs = 10_000,
    match?: (...args: Events[K]) => boolean,
  ): Promise<Events[K]> {
    return new Promise((resolve, reject) => {
      const listener: Listener<Events[K]> = (...args) => {
        if (match && !match(...args)) {
          return;
        }
        clearTimeout(timer);
        this.off(event, listener);
        resolve(args);
      };
      const timer = setTimeout(() => {
        this.off(event, listener);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for '${String(event)}'`));
      }, timeoutMs);
      this.on(event, listener);
    });
  }

  protected emit<K extends keyof Events>(event: K, ...args: Events[K]): boolean {
    const set = this.listeners.get(event);
    if (!set || set.size === 0) {
      return false;
    }
    for (const listener of [...set]) {
      try {
        (listener as unknown as Listener<Events[K]>)(...args);
      } catch (error) {
        this.onListenerError(error, String(event));
      }
    }
    return true;
  }

  /** Where a throwing listener's error goes; subclasses route it to their own error event. */
  protected onListenerError(_error: unknown, _event: string): void {
    // Swallowed by default: one faulty listener must not take the emitter down.
  }
}
