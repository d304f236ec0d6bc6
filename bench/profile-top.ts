/**
 * Prints where a server spent its CPU from a `node --cpu-prof` profile (as written with
 * BENCH_CPU_PROF=<dir>): self time per function and time per package or source file, idle
 * excluded. Usage: node dist/bench/profile-top.js <file.cpuprofile> [rows]
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** node_modules/<package> or the project file, so framework and own code are told apart. */
function owner(url: string): string {
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) {
    return pkg[1];
  }
  const own = /\/dist\/(.*)$/.exec(url);
  return own ? own[1] : url.startsWith('node:') ? 'node internals' : url || '(native)';
}

function main(): void {
  const [file, rowsArg] = process.argv.slice(2);
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const rows = Number(rowsArg ?? 25);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const fn = new Map<string, number>();
  const files = new Map<string, number>();
  let busy = 0;
  profile.samples.forEach((id, i) => {
    const frame = byId.get(id)?.callFrame;
    const dt = profile.timeDeltas[i] ?? 0;
    if (!frame || frame.functionName === '(idle)') {
      return;
    }
    busy += dt;
    const where = owner(frame.url);
    const name = `${frame.functionName || '(anonymous)'} ${where}:${frame.lineNumber + 1}`;
    fn.set(name, (fn.get(name) ?? 0) + dt);
    files.set(where, (files.get(where) ?? 0) + dt);
  });
  const print = (title: string, map: Map<string, number>): void => {
    console.log(`\n${title} (share of ${(busy / 1e6).toFixed(2)} s busy)`);
    for (const [name, us] of [...map].sort((a, b) => b[1] - a[1]).slice(0, rows)) {
      console.log(`${((us / busy) * 100).toFixed(1).padStart(5)}%  ${name}`);
    }
  };
  print('Self time by function', fn);
  print('Self time by package or file', files);
}

main();
