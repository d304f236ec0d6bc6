import { ChildProcess, spawn } from 'node:child_process';
import { freePort, MAIN_JS } from '../../utils/node-process';
import { testEnv } from '../../utils/test-env';

/**
 * A coordinator as a real process (`node dist/src/main.js`), for faults that need one: SIGKILL,
 * restarts. Unlike the one-shot NodeProcess of test/utils, it keeps its port and can be spawned
 * again after a stop, and it waits until the node is live.
 */
export class NodeProcess {
  private child?: ChildProcess;
  output = '';

  private constructor(
    readonly port: number,
    private readonly env: Record<string, string | undefined>,
  ) {}

  static async start(env: Record<string, string | undefined>): Promise<NodeProcess> {
    const port = await freePort();
    const node = new NodeProcess(port, env);
    await node.spawn();
    return node;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get wsUrl(): string {
    return `ws://127.0.0.1:${this.port}`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  async spawn(): Promise<void> {
    const env = { ...process.env, ...testEnv({ PORT: String(this.port), LOG_LEVEL: 'warn', ...this.env }) };
    const child = spawn(process.execPath, [MAIN_JS], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    child.stdout.on('data', (chunk: Buffer) => (this.output = (this.output + chunk.toString()).slice(-20_000)));
    child.stderr.on('data', (chunk: Buffer) => (this.output = (this.output + chunk.toString()).slice(-20_000)));
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) {
        throw new Error(`node exited with ${child.exitCode}: ${this.output}`);
      }
      const ok = await fetch(`${this.url}/health/live`)
        .then((r) => r.ok)
        .catch(() => false);
      if (ok) {
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`node did not come up: ${this.output}`);
  }

  /** Sends a signal and waits for the process to exit. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) {
      return;
    }
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(signal);
    await exited;
  }

  /** Resident memory of the process in bytes (Linux /proc). */
  rss(): number {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const status = (require('node:fs') as typeof import('node:fs')).readFileSync(`/proc/${this.pid}/status`, 'utf8');
      return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024;
    } catch {
      return 0;
    }
  }
}
