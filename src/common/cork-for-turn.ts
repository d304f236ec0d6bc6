import type { Writable } from 'node:stream';

const corked = new WeakSet<Writable>();

/**
 * Corks `stream` until the end of the current turn of the event loop (process.nextTick), so what is
 * written to it meanwhile leaves in one writev instead of one syscall per write. Socket writes were
 * the largest share of the relay's CPU: a burst of messages read from one packet (signals to a peer,
 * publishes to another node) now costs one write, and nothing waits beyond the turn that wrote it.
 */
export function corkForTurn(stream: Writable): void {
  if (corked.has(stream)) {
    return;
  }
  corked.add(stream);
  stream.cork();
  process.nextTick(uncork, stream);
}

function uncork(stream: Writable): void {
  corked.delete(stream);
  stream.uncork();
}
