import { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';
import { endQuietly } from './signaling-ws.adapter';

/** A raw socket as far as ws's 'end' listener uses it. */
class FakeRawSocket extends EventEmitter {
  ends = 0;
  writableFinished = false;

  end(): this {
    this.ends += 1;
    return this;
  }
}

/** Stands for ws's listener (found by its name): it ends the socket again, as ws does. */
function socketOnEnd(this: FakeRawSocket): void {
  this.end();
}

const asSocket = (fake: FakeRawSocket): Socket => fake as unknown as Socket;

describe('endQuietly', () => {
  it("should skip ws's second end() of a socket that has finished writing", () => {
    const raw = new FakeRawSocket();
    raw.on('end', socketOnEnd);
    expect(endQuietly(asSocket(raw))).toBe(true);
    raw.writableFinished = true;
    raw.emit('end');
    expect(raw.ends).toBe(0);
    expect(raw.listenerCount('end')).toBe(1);
  });

  it('should let ws end a socket that is still writing, as before', () => {
    const raw = new FakeRawSocket();
    raw.on('end', socketOnEnd);
    endQuietly(asSocket(raw));
    raw.emit('end');
    expect(raw.ends).toBe(1);
  });

  it("should change nothing where ws's listener is not found", () => {
    const raw = new FakeRawSocket();
    const other = jest.fn();
    raw.on('end', other);
    expect(endQuietly(asSocket(raw))).toBe(false);
    expect(endQuietly(undefined)).toBe(false);
    expect(raw.listeners('end')).toEqual([other]);
  });
});
