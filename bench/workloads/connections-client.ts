/**
 * A child process of the connections workload: opens `count` idle WebSockets (file descriptors are
 * per process, so the load is split over several of these), reports to the parent, and keeps the
 * sockets open until told to close. Usage: node connections-client.js <kind>:<url> <first> <count>
 * <concurrency>, kind `coordinator` (?peer_id= with a minted token) or `plain` (?id=). Source
 * addresses rotate over 127.0.0.2-9 so no single address runs out of ephemeral ports.
 */
import WebSocket from 'ws';
import { mintToken } from '../lib/coordinator';

const [target, firstArg, countArg, concurrencyArg] = process.argv.slice(2);
const first = Number(firstArg);
const count = Number(countArg);
const concurrency = Number(concurrencyArg);
const kind = target.slice(0, target.indexOf(':'));
const base = target.slice(kind.length + 1);
const urlOf = (n: number): string =>
  kind === 'coordinator' ? `${base}?peer_id=idle${n}&token=${mintToken(`idle${n}`)}` : `${base}?id=idle${n}`;
const sockets: WebSocket[] = [];
let next = 0;
let open = 0;
let failed = 0;
/** Why sockets failed (error message or close code), so a harness failure says what happened. */
const reasons = new Map<string, number>();
const fail = (reason: string): void => {
  failed += 1;
  reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
};

function connectOne(): Promise<void> {
  const n = first + next++;
  return new Promise((resolve) => {
    const socket = new WebSocket(urlOf(n), { perMessageDeflate: false, localAddress: `127.0.0.${2 + (n % 8)}` });
    socket.once('open', () => {
      open += 1;
      sockets.push(socket);
      resolve();
    });
    socket.once('error', (error) => {
      fail(error.message);
      resolve();
    });
    socket.on('close', (code, reason) => {
      if (code !== 1000 && code !== 1005) {
        fail(`closed ${code} ${reason.toString()}`);
      }
    });
  });
}

async function lane(): Promise<void> {
  while (next < count) {
    await connectOne();
  }
}

async function main(): Promise<void> {
  // Timed here, not in the parent, so process start-up does not count against the connect rate.
  const t0 = process.hrtime.bigint();
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane));
  process.send?.({
    open,
    failed,
    seconds: Number(process.hrtime.bigint() - t0) / 1e9,
    reasons: Object.fromEntries(reasons),
  });
}

process.on('message', (message: string) => {
  if (message === 'close') {
    for (const socket of sockets) {
      socket.terminate();
    }
    process.exit(0);
  }
});

void main();
