#!/usr/bin/env node
/**
 * The package's `ro-p2p-simulate` command (`npm run simulate -- …` in the coordinator's repository):
 * simulated players against a coordinator, e.g. `--players 50 --zones prontera`. Output goes
 * through process.stdout/stderr directly: this is a terminal program, not the service.
 */
import { USAGE, parseArgs } from './options';
import { progressLine, summaryText } from './progress';
import { runSimulation } from './run-simulation';

async function main(): Promise<number> {
  let options;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (options === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const tty = process.stdout.isTTY === true;
  const abort = new AbortController();
  process.once('SIGINT', () => abort.abort());
  const summary = await runSimulation(options, {
    signal: abort.signal,
    // A TTY gets a live line rewritten in place; a log gets one line every 5 s.
    progressIntervalMs: tty ? 1000 : 5000,
    onProgress: (progress) => {
      const line = progressLine(progress);
      process.stdout.write(tty ? `\r${line}\x1b[K` : `${line}\n`);
    },
  });
  if (tty) {
    process.stdout.write('\n');
  }
  process.stdout.write(options.json ? `${JSON.stringify(summary, null, 2)}\n` : `${summaryText(summary)}\n`);
  return Object.keys(summary.errors).length > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`simulation failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
