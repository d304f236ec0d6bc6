import { TypedEmitter } from './typed-emitter';

class Probe extends TypedEmitter<{ tick: [number]; done: [] }> {
  readonly errors: string[] = [];
  fire(n: number): boolean {
    return this.emit('tick', n);
  }
  protected override onListenerError(error: unknown, event: string): void {
    this.errors.push(`${event}:${(error as Error).message}`);
  }
}

describe('TypedEmitter', () => {
  it('should deliver, unsubscribe and deliver once', () => {
    const probe = new Probe();
    const seen: number[] = [];
    const listener = (n: number): void => void seen.push(n);
    probe.on('tick', listener).once('tick', (n) => seen.push(n * 10));
    probe.fire(1);
    probe.fire(2);
    probe.off('tick', listener);
    expect(probe.fire(3)).toBe(false);
    expect(seen).toEqual([1, 10, 2]);
  });

  it('should isolate a throwing listener', () => {
    const probe = new Probe();
    const seen: number[] = [];
    probe.on('tick', () => {
      throw new Error('boom');
    });
    probe.on('tick', (n) => seen.push(n));
    probe.fire(1);
    expect(seen).toEqual([1]);
    expect(probe.errors).toEqual(['tick:boom']);
  });

  it('should wait for a matching emission or time out', async () => {
    const probe = new Probe();
    const waiting = probe.waitFor('tick', 1000, (n) => n > 1);
    probe.fire(1);
    probe.fire(2);
    await expect(waiting).resolves.toEqual([2]);
    await expect(probe.waitFor('done', 10)).rejects.toThrow(/timed out/);
    expect(probe.listenerCount('done')).toBe(0);
  });
});
