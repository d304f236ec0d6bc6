/** Writes a workload's results: JSON (git-ignored, for tools) and a Markdown table (committed). */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join } from 'node:path';

/** The repository root: the nearest package.json above this file (compiled or run from source). */
export function repoRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) {
    dir = dirname(dir);
  }
  return dir;
}

export const RESULTS_DIR = process.env.BENCH_RESULTS_DIR ?? join(repoRoot(), 'bench', 'results');

export interface Machine {
  cores: number;
  model: string;
  memoryGiB: number;
  node: string;
  kernel: string;
  /** 1-minute load average when the workload finished: other jobs on the machine show up here. */
  load1: number;
}

export function machine(): Machine {
  let kernel = '';
  try {
    kernel = execFileSync('uname', ['-r'], { encoding: 'utf8' }).trim();
  } catch {
    kernel = 'unknown';
  }
  return {
    cores: cpus().length,
    model: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    kernel,
    load1: Math.round(loadavg()[0] * 10) / 10,
  };
}

export function machineLine(m: Machine = machine()): string {
  return `${m.cores} cores (${m.model}), ${m.memoryGiB} GiB, Node ${m.node}, Linux ${m.kernel}; load average ${m.load1} at the end`;
}

/** A Markdown table from a header row and body rows. */
export function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]): string => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

export interface WorkloadReport {
  name: string;
  title: string;
  smoke: boolean;
  method: string[];
  markdown: string;
  data: unknown;
  svg?: Record<string, string>;
}

/** Smoke runs write *-smoke files so they never overwrite a full run's committed tables. */
export function writeReport(report: WorkloadReport): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const base = report.smoke ? `${report.name}-smoke` : report.name;
  const when = new Date().toISOString();
  const m = machine();
  writeFileSync(
    join(RESULTS_DIR, `${base}.json`),
    `${JSON.stringify({ name: report.name, smoke: report.smoke, measuredAt: when, machine: m, data: report.data }, null, 2)}\n`,
  );
  const md = [
    `# ${report.title}`,
    '',
    `Measured ${when} on ${machineLine(m)}.${report.smoke ? ' Smoke run: harness check only, not a measurement.' : ''}`,
    '',
    ...report.method.map((line) => `- ${line}`),
    '',
    report.markdown,
    '',
  ].join('\n');
  writeFileSync(join(RESULTS_DIR, `${base}.md`), md);
  for (const [name, svg] of Object.entries(report.svg ?? {})) {
    writeFileSync(join(RESULTS_DIR, report.smoke ? `${name}-smoke.svg` : `${name}.svg`), svg);
  }
  return md;
}
