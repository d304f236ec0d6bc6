/**
 * Runs the proximity workload in a child process whose V8 compiles on the main thread
 * (`--no-concurrent-recompilation`). The load generator is pinned to one core, so a background
 * compile of the harness's own loop (re-optimised when a new grid or method starts) shared that
 * core with a timed tick: the slowest ticks, which set p99 (the slowest of 40), coincided with
 * those compiles in `--trace-opt` and took up to twice the others. On the main thread the compiles
 * run between ticks, in the harness's time. The child inherits the pinning; every method runs in it.
 */
import { fork } from 'node:child_process';
import { join } from 'node:path';
import type { ProximityOptions, ProximityRow } from './proximity';

export type ProximityChildMessage = { log: string } | { rows: ProximityRow[] };

export function runProximityInChild(options: ProximityOptions, log: (line: string) => void): Promise<ProximityRow[]> {
  return new Promise((resolve, reject) => {
    const child = fork(join(__dirname, 'proximity-child.js'), [], {
      execArgv: ['--no-concurrent-recompilation'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let rows: ProximityRow[] | undefined;
    child.on('message', (message: ProximityChildMessage) => {
      if ('log' in message) {
        log(message.log);
      } else {
        rows = message.rows;
      }
    });
    child.once('error', reject);
    child.once('exit', (code, signal) =>
      rows && code === 0
        ? resolve(rows)
        : reject(new Error(`proximity child exited with ${code ?? signal} before its results`)),
    );
    child.send(options);
  });
}
