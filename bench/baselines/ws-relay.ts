/**
 * Baseline: the least a WebSocket relay can do. Peers connect with ?id=, send {to, ...} and the
 * target gets {from, ...}: one parse and one stringify per message, a Map lookup, nothing else.
 * Usage: node ws-relay.js <port>
 */
import { WebSocket, WebSocketServer } from 'ws';

const peers = new Map<string, WebSocket>();
const server = new WebSocketServer({
  port: Number(process.argv[2]),
  host: '127.0.0.1',
  perMessageDeflate: false,
  clientTracking: false,
});

server.on('connection', (socket, request) => {
  const id = new URL(request.url ?? '/', 'ws://localhost').searchParams.get('id') ?? '';
  peers.set(id, socket);
  socket.on('message', (data: Buffer) => {
    const message = JSON.parse(data.toString()) as { to?: string; from?: string };
    const target = message.to === undefined ? undefined : peers.get(message.to);
    if (target) {
      message.from = id;
      delete message.to;
      target.send(JSON.stringify(message));
    }
  });
  socket.on('close', () => {
    if (peers.get(id) === socket) {
      peers.delete(id);
    }
  });
});

process.on('SIGTERM', () => server.close(() => process.exit(0)));
