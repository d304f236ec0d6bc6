import { Writable } from 'node:stream';
import { corkForTurn } from './cork-for-turn';

/** A stream that records each write call it receives: one entry per syscall a socket would make. */
class Recorder extends Writable {
  readonly writes: string[][] = [];
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    this.writes.push([chunk.toString()]);
    done();
  }
  override _writev(chunks: { chunk: Buffer }[], done: () => void): void {
    this.writes.push(chunks.map(({ chunk }) => chunk.toString()));
    done();
  }
}

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe(corkForTurn.name, () => {
  it('should send what one turn wrote in one write, in order, at the end of the turn', async () => {
    const sut = new Recorder();
    for (const text of ['a', 'b', 'c']) {
      corkForTurn(sut);
      sut.write(text);
    }
    expect(sut.writes).toEqual([]);
    await nextTurn();
    expect(sut.writes).toEqual([['a', 'b', 'c']]);
  });

  it('should cork again in a later turn, and leave an inner cork/uncork pair balanced', async () => {
    const sut = new Recorder();
    corkForTurn(sut);
    sut.cork(); // as ws does around a frame's header and payload
    sut.write('x');
    sut.uncork();
    await nextTurn();
    corkForTurn(sut);
    sut.write('y');
    sut.write('z');
    await nextTurn();
    expect(sut.writes).toEqual([['x'], ['y', 'z']]);
    expect(sut.writableCorked).toBe(0);
  });

  it('should not fail on a stream ended or destroyed within the turn', async () => {
    const ended = new Recorder();
    corkForTurn(ended);
    ended.end('last');
    const destroyed = new Recorder();
    corkForTurn(destroyed);
    destroyed.destroy();
    await nextTurn();
    expect(ended.writes).toEqual([['last']]);
    expect(destroyed.writes).toEqual([]);
  });
});
