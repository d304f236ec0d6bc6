/**
 * Process helpers: start a server pinned to a core, read its CPU time and memory from /proc, stop it.
 * Servers run on SERVER_CORES and the load generator (this process) on LOAD_CORE, so the clients'
 * work never competes with the server being measured.
 */
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { cpus } from 'node:os';

const lastCore = Math.max(0, cpus().length - 1);
/** The last core for the load generator, every other core for servers (one core each on 2 cores). */
export const LOAD_CORE = String(lastCore);
export const SERVER_CORES = lastCore > 0 ? `0-${lastCore - 1}` : '0';

const CLOCK_TICKS = Number(safeExec('getconf', ['CLK_TCK']) || 100);

function safeExec(cmd: string, args: string[]): string {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
}

/** Moves this process (the load generator) to its own core; a no-op where taskset is missing. */
export function pinSelf(): void {
  safeExec('taskset', ['-cp', LOAD_CORE, String(process.pid)]);
}

/** utime + stime of a process in seconds (fields 14 and 15 of /proc/<pid>/stat). */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name is in parentheses and may contain spaces; fields are counted after it.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

/** Resident set size in bytes. */
export function rssBytes(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) * 1024 : Number.NaN;
}

/** The local redis-server's pid, so its CPU can be added to a cluster's. */
export function redisPid(): number | undefined {
  const pid = Number(safeExec('pgrep', ['-o', 'redis-server']));
  return pid > 0 ? pid : undefined;
}

export interface Server {
  name: string;
  child: ChildProcess;
  pid: number;
  port: number;
  output: () => string;
}

/** Starts `node <script> ...args` pinned to the server cores and waits until `port` accepts. */
export async function startNode(
  name: string,
  script: string,
  args: string[],
  port: number,
  env: NodeJS.ProcessEnv = {},
): Promise<Server> {
  // BENCH_CPU_PROF=<dir> profiles every server (node --cpu-prof), written when it stops.
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  const child = spawn('taskset', ['-c', SERVER_CORES, process.execPath, ...profile, script, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const keep = (chunk: Buffer): void => {
    log = (log + chunk.toString('utf8')).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const server: Server = { name, child, pid: 0, port, output: () => log };
  await waitForPort(port, child, 60_000).catch((error: Error) => {
    child.kill('SIGKILL');
    throw new Error(`${name} did not start: ${error.message}\n${log.slice(-3000)}`);
  });
  // taskset execs node in place, so the child's pid is the server's pid.
  server.pid = child.pid ?? 0;
  return server;
}

function waitForPort(port: number, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = (): void => {
      if (child.exitCode !== null) {
        reject(new Error(`exited with ${child.exitCode}`));
        return;
      }
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve();
      });
      socket.once('error', () => {
        socket.destroy();
        if (Date.now() > deadline) {
          reject(new Error(`port ${port} not open after ${timeoutMs} ms`));
        } else {
          setTimeout(attempt, 100);
        }
      });
    };
    attempt();
  });
}

/** SIGTERM, then SIGKILL if the server has not exited within 10 s. */
export async function stop(server: Server): Promise<void> {
  const { child } = server;
  if (child.exitCode !== null || child.signalCode !== null) {
    return;
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A free-enough port per server: a fixed base plus an offset keeps runs reproducible and readable. */
let nextPort = 18_100 + (process.pid % 500) * 10;
export function port(): number {
  nextPort += 1;
  return nextPort;
}
