import type { WebSocket } from 'ws';
import { Connection } from './connection';
import { NoticeBatch } from './notice-batch';

/** Only what Connection touches: what it was sent, in order. */
class FakeSocket {
  readyState = 1;
  bufferedAmount = 0;
  readonly sent: string[] = [];
  send(data: string): void {
    this.sent.push(data);
  }
  close(): void {
    this.readyState = 2;
  }
  terminate(): void {}
}

/** `type:peer_id` of each message written, in order. */
function types(socket: FakeSocket): string[] {
  return socket.sent.map((text) => {
    const message = JSON.parse(text) as { type: string; peer_id?: string };
    return `${message.type}:${message.peer_id ?? ''}`;
  });
}

describe(NoticeBatch.name, () => {
  let batch: NoticeBatch;

  const connect = (): { connection: Connection; socket: FakeSocket } => {
    const socket = new FakeSocket();
    const connection = new Connection('n/1', socket as unknown as WebSocket, '127.0.0.1', 'dll', 1 << 20, batch);
    return { connection, socket };
  };

  beforeEach(() => {
    jest.useFakeTimers();
    batch = new NoticeBatch(20);
  });

  afterEach(() => {
    jest.useRealTimers();
  });

  it('should hold notices for the window and then write every connection its own, in order', () => {
    const a = connect();
    const b = connect();
    a.connection.notify('peer_joined', { peer_id: '1' });
    b.connection.notify('peer_joined', { peer_id: '1' });
    jest.advanceTimersByTime(10);
    a.connection.notify('peer_left', { peer_id: '2' });
    expect(a.socket.sent).toEqual([]);
    expect(b.socket.sent).toEqual([]);

    jest.advanceTimersByTime(10);

    expect(types(a.socket)).toEqual(['peer_joined:1', 'peer_left:2']);
    expect(types(b.socket)).toEqual(['peer_joined:1']);
  });

  it('should start a new window for notices after a flush', () => {
    const a = connect();
    a.connection.notify('peer_joined', { peer_id: '1' });
    jest.advanceTimersByTime(20);
    a.connection.notify('peer_joined', { peer_id: '2' });
    jest.advanceTimersByTime(19);
    expect(types(a.socket)).toEqual(['peer_joined:1']);
    jest.advanceTimersByTime(1);
    expect(types(a.socket)).toEqual(['peer_joined:1', 'peer_joined:2']);
  });

  it('should write held notices before any other message to the same connection', () => {
    const a = connect();
    a.connection.notify('peer_joined', { peer_id: '7' });
    a.connection.send('offer', { from: '7', sdp: 'v=0', timestamp: 't' });
    expect(types(a.socket)).toEqual(['peer_joined:7', 'offer:']);

    jest.advanceTimersByTime(20);
    expect(a.socket.sent).toHaveLength(2);
  });

  it('should write everything held at once on flush (the drain) and not again at the window end', () => {
    const a = connect();
    a.connection.notify('peer_left', { peer_id: '3' });
    batch.flush();
    expect(types(a.socket)).toEqual(['peer_left:3']);
    jest.advanceTimersByTime(20);
    expect(a.socket.sent).toHaveLength(1);
  });

  it('should drop the notices of a connection that is closing', () => {
    const a = connect();
    a.connection.notify('peer_joined', { peer_id: '4' });
    a.connection.close(1000, 'bye');
    a.connection.notify('peer_joined', { peer_id: '5' });
    jest.advanceTimersByTime(20);
    expect(a.socket.sent).toEqual([]);
  });

  it('should write each notice at once with a window of 0', () => {
    batch = new NoticeBatch(0);
    const a = connect();
    a.connection.notify('peer_joined', { peer_id: '1' });
    expect(types(a.socket)).toEqual(['peer_joined:1']);
    a.connection.notify('peer_joined', { peer_id: '2' });
    expect(types(a.socket)).toEqual(['peer_joined:1', 'peer_joined:2']);
  });
});
