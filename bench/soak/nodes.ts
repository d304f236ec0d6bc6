/**
 * The two coordinators under soak: real processes (`node dist/src/main.js`) sharing one PostgreSQL
 * database and one Redis prefix, their warnings and errors counted from their JSON logs.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { repoRoot } from '../lib/report';
import { heapAfterGcMiB, inspectorUrl } from './inspector';

export interface LogCounts {
  warn: number;
  error: number;
  /** Each distinct message (by level and text, at most 50 kinds): how often, first and last time (epoch ms). */
  messages: Map<string, { count: number; first: number; last: number }>;
}

export class CoordinatorNode {
  readonly logs: LogCounts = { warn: 0, error: 0, messages: new Map() };
  exit: { code: number | null; signal: NodeJS.Signals | null; during: 'run' | 'stop' } | undefined;
  /** Milliseconds from SIGTERM to exit (the node's drain). */
  stopMs: number | undefined;
  private tail = '';
  private stopping = false;
  private inspector: string | undefined;

  private constructor(
    readonly name: string,
    readonly port: number,
    private readonly child: ChildProcess,
  ) {
    child.stdout?.on('data', (chunk: Buffer) => this.read(chunk));
    child.stderr?.on('data', (chunk: Buffer) => this.read(chunk));
    child.once('exit', (code, signal) => (this.exit = { code, signal, during: this.stopping ? 'stop' : 'run' }));
  }

  static async start(name: string, env: NodeJS.ProcessEnv): Promise<CoordinatorNode> {
    const port = await freePort();
    // The inspector (loopback, random port) lets the soak force a full GC to read the live heap.
    const child = spawn(process.execPath, ['--inspect=127.0.0.1:0', join(repoRoot(), 'dist', 'src', 'main.js')], {
      cwd: repoRoot(),
      env: { ...process.env, ...env, PORT: String(port), PROMETHEUS_PORT: String(port), NODE_ID: name },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const node = new CoordinatorNode(name, port, child);
    const deadline = Date.now() + 60_000;
    while (
      !(await fetch(`${node.url}/health/ready`).then(
        (r) => r.ok,
        () => false,
      ))
    ) {
      if (node.exit || Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`${name} did not start:\n${node.tail.slice(-3000)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    return node;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get pid(): number {
    return this.child.pid ?? 0;
  }

  get alive(): boolean {
    return this.exit === undefined;
  }

  /** The last lines the process wrote (for a crash report). */
  get output(): string {
    return this.tail;
  }

  /** Live heap after a forced full GC (MiB), or null when the inspector is not reachable. */
  async heapAfterGc(): Promise<number | null> {
    if (!this.inspector || this.exit) {
      return null;
    }
    return heapAfterGcMiB(this.inspector).catch(() => null);
  }

  /** SIGTERM (the node drains and exits 0), SIGKILL after 15 s. */
  async stop(): Promise<void> {
    if (this.exit) {
      return;
    }
    this.stopping = true;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    const asked = Date.now();
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
    this.stopMs = Date.now() - asked;
  }

  private partial = '';

  private read(chunk: Buffer): void {
    const text = chunk.toString('utf8');
    this.tail = (this.tail + text).slice(-20_000);
    this.inspector ??= inspectorUrl(this.tail);
    const lines = (this.partial + text).split('\n');
    this.partial = lines.pop() ?? '';
    for (const line of lines) {
      this.count(line);
    }
  }

  /** pino levels: 40 warn, 50 error, 60 fatal. A line that is not JSON (a crash trace) is an error. */
  private count(line: string): void {
    // Blank lines and the inspector's own notices are not the coordinator's.
    if (
      line.trim() === '' ||
      /^(Debugger (listening|attached|ending)|For help, see|Waiting for the debugger)/.test(line)
    ) {
      return;
    }
    // A multi-line message that is not JSON (TypeORM prints a failed query over several lines)
    // counts once, by its first line; the indented lines after it are its continuation.
    if (/^\s/.test(line)) {
      return;
    }
    let level = 50;
    let text = line;
    try {
      const parsed = JSON.parse(line) as { level?: number; msg?: string; context?: unknown };
      level = typeof parsed.level === 'number' ? parsed.level : 30;
      text = `${typeof parsed.context === 'string' ? `${parsed.context}: ` : ''}${parsed.msg ?? ''}`;
    } catch {
      // not JSON: counted as an error below
    }
    if (level < 40) {
      return;
    }
    if (level >= 50) {
      this.logs.error += 1;
    } else {
      this.logs.warn += 1;
    }
    // Numbers (ids, counts, durations) vary per line; folding them keeps the list of kinds short.
    const key = `${level >= 50 ? 'error' : 'warn'} ${text.replace(/[0-9a-f]{8,}|\d+/gi, '#').slice(0, 160)}`;
    const now = Date.now();
    const seen = this.logs.messages.get(key);
    if (seen) {
      seen.count += 1;
      seen.last = now;
    } else if (this.logs.messages.size < 50) {
      this.logs.messages.set(key, { count: 1, first: now, last: now });
    }
  }
}

/** The environment both nodes share; the limits raised here are listed in the report. */
export function coordinatorEnv(
  databaseUrl: string,
  redisUrl: string,
  prefix: string,
  zones: string[],
): NodeJS.ProcessEnv {
  return {
    HOST: '127.0.0.1',
    ENVIRONMENT: 'test',
    LOG_LEVEL: 'warn',
    LOG_FORMAT: 'json',
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    REDIS_KEY_PREFIX: prefix,
    P2P_ENABLED_ZONES: zones.join(','),
    PROMETHEUS_ENABLED: 'true',
    JWT_VALIDATION_ENABLED: 'false',
    API_KEY_VALIDATION_ENABLED: 'false',
    ...RAISED_LIMITS,
  };
}

/**
 * Every simulated player connects from 127.0.0.1, so the per-IP limits meant for one household
 * would refuse the population: the WebSocket cap per IP and the REST budget per IP (the
 * reference-dialect players look up sessions over REST) are raised. Per-connection message and
 * relay budgets stay at their defaults: one simulated player sends what one real player does.
 */
export const RAISED_LIMITS: Record<string, string> = {
  WS_MAX_CONNECTIONS_PER_IP: '100000',
  RATE_LIMIT_API_PER_MINUTE: '10000000',
  RATE_LIMIT_AUTH_PER_MINUTE: '1000000',
};

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
